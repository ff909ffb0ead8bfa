import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { RequestAddress, RequestData } from '../services/requester.models';

/** The data of a request as a list of terms (detail page and the wizard's last step). */
@Component({
  selector: 'app-request-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslatePipe],
  template: `
    @let data = this.data();
    @if (part() === 'all' || part() === 'document') {
      <dl class="summary">
        <dt>{{ 'requester.fields.type' | translate }}</dt>
        <dd>{{ data.document.type ? ('requester.document_types.' + data.document.type | translate) : '—' }}</dd>
        <dt>{{ 'requester.fields.number' | translate }}</dt>
        <dd>{{ data.document.number || '—' }}</dd>
        <dt>{{ 'requester.fields.issuing_country' | translate }}</dt>
        <dd>{{ data.document.issuingCountry || '—' }}</dd>
        <dt>{{ 'requester.fields.valid_until' | translate }}</dt>
        <dd>{{ data.document.validUntil || '—' }}</dd>
        <dt>{{ 'requester.fields.national_number' | translate }}</dt>
        <dd>{{ data.document.nationalNumber || '—' }}</dd>
        @if (data.document.mrz.length) {
          <dt>{{ 'requester.fields.mrz' | translate }}</dt>
          <dd class="mrz">{{ data.document.mrz.join('\\n') }}</dd>
        }
      </dl>
    }
    @if (part() === 'all' || part() === 'person') {
      <dl class="summary">
        <dt>{{ 'requester.fields.surname' | translate }}</dt>
        <dd>{{ data.person.surname || '—' }}</dd>
        <dt>{{ 'requester.fields.given_names' | translate }}</dt>
        <dd>{{ data.person.givenNames || '—' }}</dd>
        <dt>{{ 'requester.fields.birth_date' | translate }}</dt>
        <dd>{{ data.person.birthDate || '—' }}</dd>
        <dt>{{ 'requester.fields.sex' | translate }}</dt>
        <dd>{{ data.person.sex ? ('requester.sexes.' + data.person.sex | translate) : '—' }}</dd>
        <dt>{{ 'requester.fields.nationality' | translate }}</dt>
        <dd>{{ data.person.nationality || '—' }}</dd>
        <dt>{{ 'requester.fields.birth_place' | translate }}</dt>
        <dd>{{ data.person.birthPlace || '—' }}</dd>
        <dt>{{ 'requester.fields.birth_country' | translate }}</dt>
        <dd>{{ data.person.birthCountry || '—' }}</dd>
      </dl>
    }
    @if (part() === 'all' || part() === 'addresses') {
      <dl class="summary">
        <dt>{{ 'requester.wizard.residence' | translate }}</dt>
        <dd>{{ address(data.residence) || ('requester.summary.none' | translate) }}</dd>
        <dt>{{ 'requester.wizard.contact_address' | translate }}</dt>
        <dd>{{ address(data.contactAddress) || ('requester.summary.none' | translate) }}</dd>
      </dl>
    }
    @if (part() === 'all' || part() === 'final') {
      <dl class="summary">
        <dt>{{ 'requester.fields.comment' | translate }}</dt>
        <dd>{{ data.comment || '—' }}</dd>
        <dt>{{ 'requester.fields.notification_email' | translate }}</dt>
        <dd>{{ data.notificationEmail || '—' }}</dd>
      </dl>
    }
  `,
  styleUrl: './requester.scss',
  styles: `
    :host {
      max-width: none;
    }
  `,
})
export class RequestSummaryComponent {
  readonly data = input.required<RequestData>();
  readonly part = input<'all' | 'document' | 'person' | 'addresses' | 'final'>('all');

  protected address(address: RequestAddress | null): string {
    if (!address) {
      return '';
    }
    const street = [address.street, address.houseNumber, address.box ? `/${address.box}` : null].filter(Boolean).join(' ');
    const town = [address.postalCode, address.municipality].filter(Boolean).join(' ');
    return [street, town, address.country].filter(Boolean).join(', ');
  }
}
