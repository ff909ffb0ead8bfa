import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslatePipe } from '@ngx-translate/core';
import { formatCardNumber, formatNationalNumber } from '../services/desk-format';
import { verifiedCard, VerifiedIdentity } from '../services/desk.models';
import { IsoDatePipe } from './iso-date.pipe';

/**
 * The identity as the API verified it (never the agent's unverified parse): photo, names, numbers,
 * validity, address, and what the verification proves.
 */
@Component({
  selector: 'app-verified-identity',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, TranslatePipe, IsoDatePipe],
  templateUrl: './verified-identity.component.html',
  styleUrl: './verified-identity.component.scss',
})
export class VerifiedIdentityComponent {
  readonly identity = input.required<VerifiedIdentity>();
  /** The card photo (data URL); only passed once the API verified the read, photo hash included. */
  readonly photoUrl = input<string | null>(null);

  protected readonly person = computed(() => this.identity().person);
  protected readonly evidence = computed(() => this.identity().evidence);
  protected readonly isCard = computed(() => this.evidence().kind === 'beid_card');
  protected readonly card = computed(() => verifiedCard(this.identity()));
  protected readonly fullName = computed(() => `${this.person().givenNames} ${this.person().surname}`.trim());
  protected readonly nationalNumber = computed(() => formatNationalNumber(this.person().nationalNumber));
  protected readonly cardNumber = computed(() => formatCardNumber(this.card()?.cardNumber ?? this.evidence().documentNumber));
  protected readonly sexKey = computed(() => {
    const sex = (this.person().sex ?? '').toUpperCase();
    return sex === 'M' ? 'desk.verified.sex_m' : sex === 'F' || sex === 'V' || sex === 'W' ? 'desk.verified.sex_f' : null;
  });
}
