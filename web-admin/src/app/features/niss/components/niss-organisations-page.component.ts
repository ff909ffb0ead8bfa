import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { TranslatePipe } from '@ngx-translate/core';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { toApiError } from '../../../core/http/api-error';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { NissApiService } from '../services/niss-api.service';
import { Member, MEMBER_ROLES, Organisation, ORGANISATION_LANGUAGES } from '../services/niss.models';

/** Admins: the organisations whose members file NISS requests, and those members. */
@Component({
  selector: 'app-niss-organisations-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    TranslatePipe,
    LocalDateTimePipe,
  ],
  templateUrl: './niss-organisations-page.component.html',
  styleUrl: './niss-organisations-page.component.scss',
})
export class NissOrganisationsPageComponent {
  private readonly api = inject(NissApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly languages = ORGANISATION_LANGUAGES;
  protected readonly roles = MEMBER_ROLES;
  protected readonly organisations = signal<readonly Organisation[]>([]);
  protected readonly loading = signal(false);
  protected readonly selected = signal<Organisation | null>(null);
  protected readonly members = signal<readonly Member[]>([]);
  protected readonly createError = signal<string | null>(null);
  protected readonly memberError = signal<string | null>(null);

  protected readonly createForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(160)]],
    enterpriseNumber: ['', [Validators.required, Validators.maxLength(20)]],
    language: ['fr', [Validators.required]],
  });
  protected readonly memberForm = this.fb.group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    displayName: ['', [Validators.required, Validators.maxLength(160)]],
    role: ['requester', [Validators.required]],
    language: ['fr', [Validators.required]],
  });

  constructor() {
    this.load();
  }

  private load(): void {
    this.loading.set(true);
    this.api.organisations().subscribe({
      next: (list) => {
        this.loading.set(false);
        this.organisations.set(list);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.notifier.show(error);
      },
    });
  }

  protected create(directive: FormGroupDirective): void {
    if (this.createForm.invalid) {
      this.createForm.markAllAsTouched();
      return;
    }
    this.createError.set(null);
    this.api.createOrganisation(this.createForm.getRawValue()).subscribe({
      next: (created) => {
        directive.resetForm({ name: '', enterpriseNumber: '', language: 'fr' });
        this.notifier.info('niss.organisations.created', { name: created.name });
        this.load();
      },
      error: (error: unknown) => this.createError.set(this.notifier.formMessage(this.createForm, toApiError(error))),
    });
  }

  protected open(organisation: Organisation): void {
    this.selected.set(organisation);
    this.members.set([]);
    this.api.members(organisation.id).subscribe({
      next: (members) => this.members.set(members),
      error: (error: unknown) => this.notifier.show(error),
    });
  }

  protected addMember(directive: FormGroupDirective): void {
    const organisation = this.selected();
    if (!organisation) return;
    if (this.memberForm.invalid) {
      this.memberForm.markAllAsTouched();
      return;
    }
    this.memberError.set(null);
    this.api.addMember(organisation.id, this.memberForm.getRawValue()).subscribe({
      next: (member) => {
        directive.resetForm({ email: '', displayName: '', role: 'requester', language: organisation.language });
        this.members.update((members) => [...members, member]);
        this.notifier.info('niss.organisations.member_added', { name: member.displayName });
        this.load();
      },
      error: (error: unknown) => this.memberError.set(this.notifier.formMessage(this.memberForm, toApiError(error))),
    });
  }

  protected removeMember(member: Member): void {
    const organisation = this.selected();
    if (!organisation) return;
    this.api.removeMember(organisation.id, member.id).subscribe({
      next: () => {
        this.members.update((members) => members.filter((m) => m.id !== member.id));
        this.notifier.info('niss.organisations.member_removed', { name: member.displayName });
        this.load();
      },
      error: (error: unknown) => this.notifier.show(error),
    });
  }
}
