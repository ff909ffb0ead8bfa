import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, InjectionToken, OnInit, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatStepper, MatStepperModule } from '@angular/material/stepper';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { filter, finalize, Subscription, switchMap, timer } from 'rxjs';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { toApiError } from '../../../core/http/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../../core/ui/confirm-dialog.component';
import { RequesterApiService } from '../services/requester-api.service';
import { applyRefusal, documentHelpLink, formatNiss, isDocumentType, mrzLinesOf, pageFailureOf, prefillsOf } from '../services/requester-format';
import { DOCUMENT_TYPES, DocumentStatus, RequestAddress, RequestData, Ticket, TicketDetail } from '../services/requester.models';
import { RequestSummaryComponent } from './request-summary.component';

/** How long the wizard waits between two looks at a document the worker is still reading. */
export const DOCUMENT_POLL_MS = new InjectionToken<number>('DOCUMENT_POLL_MS', { factory: () => 1000 });

const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'application/pdf'];
const MAX_FILES = 2;
const MRZ_LINE = /^[A-Z0-9<]{30,44}$/;

/** The MRZ textarea: each non-empty line 30–44 characters A–Z, 0–9 and <, at most 3 lines. */
function mrzValidator(control: AbstractControl): ValidationErrors | null {
  const lines = mrzLinesFromText(String(control.value ?? ''));
  return lines.length > 3 || lines.some((line) => !MRZ_LINE.test(line)) ? { pattern: true } : null;
}

function mrzLinesFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().toUpperCase().replace(/\s+/g, ''))
    .filter((line) => line !== '');
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/**
 * `/requester/new` and `/requester/tickets/:id/reupload`: the four steps of a NISS request (seed
 * §2.2): the identity document (read by OCR, which pre-fills the fields), the person, the addresses,
 * comment and e-mail with a summary, then the answer.
 */
@Component({
  selector: 'app-requester-wizard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatStepperModule,
    TranslatePipe,
    ControlErrorPipe,
    RequestSummaryComponent,
  ],
  templateUrl: './requester-wizard-page.component.html',
  styleUrl: './requester.scss',
})
export class RequesterWizardPageComponent implements OnInit {
  private readonly api = inject(RequesterApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly language = inject(LanguageService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  private readonly pollMs = inject(DOCUMENT_POLL_MS);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly stepper = viewChild(MatStepper);

  protected readonly documentTypes = DOCUMENT_TYPES;
  protected readonly formatNiss = formatNiss;
  /** The ticket whose document is replaced (re-upload), else null. */
  protected readonly ticketId = signal<string | null>(null);
  protected readonly ticket = signal<TicketDetail | null>(null);
  protected readonly organisation = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly signedOut = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly uploadError = signal<string | null>(null);
  protected readonly uploading = signal(false);
  protected readonly fileNames = signal<string[]>([]);
  protected readonly document = signal<DocumentStatus | null>(null);
  protected readonly readMrz = signal<string[]>([]);
  /** Fields filled from the document: path → confidence (%), while the value is still the one read. */
  protected readonly prefilled = signal<Record<string, { value: string; confidence: number }>>({});
  protected readonly showDocument = signal(false);
  protected readonly pageUrls = signal<string[]>([]);
  protected readonly sending = signal(false);
  protected readonly answer = signal<Ticket | null>(null);
  protected readonly hasResidence = signal(false);
  protected readonly hasContactAddress = signal(false);
  protected readonly summary = signal<RequestData | null>(null);

  protected readonly form = this.fb.group({
    document: this.fb.group({
      documentId: ['', Validators.required],
      type: ['', Validators.required],
      number: ['', [Validators.required, Validators.pattern(/^\s*[A-Za-z0-9<-]{3,20}\s*$/)]],
      issuingCountry: ['', [Validators.required, Validators.pattern(/^\s*[A-Za-z]{3}\s*$/)]],
      validUntil: ['', Validators.pattern(/^\s*\d{4}-\d{2}-\d{2}\s*$/)],
      nationalNumber: ['', Validators.pattern(/^[\d.\s-]{11,15}$/)],
      mrz: ['', mrzValidator],
    }),
    person: this.fb.group({
      surname: ['', [Validators.required, Validators.maxLength(110)]],
      givenNames: ['', Validators.maxLength(120)],
      birthDate: ['', [Validators.required, Validators.pattern(/^\s*\d{4}(-\d{2}(-\d{2})?)?\s*$/)]],
      sex: [''],
      nationality: ['', [Validators.required, Validators.pattern(/^\s*[A-Za-z]{3}\s*$/)]],
      birthPlace: ['', Validators.maxLength(80)],
      birthCountry: ['', Validators.pattern(/^\s*[A-Za-z]{2}\s*$/)],
    }),
    /** Step 3: both addresses, each disabled (hence left out) while not asked for. */
    addresses: this.fb.group({
      residence: this.addressGroup(''),
      contactAddress: this.addressGroup('BE'),
    }),
    final: this.fb.group({
      comment: ['', Validators.maxLength(1000)],
      notificationEmail: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    }),
  });

  protected readonly summaryParts = [
    { part: 'document', step: 0, label: 'requester.wizard.step_document' },
    { part: 'person', step: 1, label: 'requester.wizard.step_person' },
    { part: 'addresses', step: 2, label: 'requester.wizard.step_addresses' },
  ] as const;

  private readonly documentValue = toSignal(this.form.controls.document.valueChanges, { initialValue: this.form.controls.document.getRawValue() });
  protected readonly helpLink = computed(() => documentHelpLink(this.documentValue().type, this.documentValue().issuingCountry));
  protected readonly reading = computed(() => this.uploading() || this.document()?.status === 'received');

  private pollSubscription: Subscription | null = null;

  constructor() {
    this.form.controls.addresses.controls.residence.disable();
    this.form.controls.addresses.controls.contactAddress.disable();
    this.destroyRef.onDestroy(() => this.revokePages());
  }

  ngOnInit(): void {
    const ticketId = this.route.snapshot.paramMap.get('id');
    this.ticketId.set(ticketId);
    this.api.me().subscribe({
      next: (me) => {
        this.organisation.set(me.organisationName);
        if (ticketId) {
          this.loadTicket(ticketId);
        } else {
          this.loading.set(false);
        }
      },
      error: (error: unknown) => this.failPage(error),
    });
  }

  protected prefillHint(path: string): number | null {
    return this.prefilled()[path]?.confidence ?? null;
  }

  protected toggleResidence(on: boolean): void {
    this.hasResidence.set(on);
    if (on) {
      this.form.controls.addresses.controls.residence.enable();
    } else {
      this.form.controls.addresses.controls.residence.disable();
    }
  }

  protected toggleContactAddress(on: boolean): void {
    this.hasContactAddress.set(on);
    if (on) {
      this.form.controls.addresses.controls.contactAddress.enable();
    } else {
      this.form.controls.addresses.controls.contactAddress.disable();
    }
  }

  protected filesChosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length === 0) {
      return;
    }
    if (files.length > MAX_FILES) {
      this.uploadError.set(this.language.instant('requester.wizard.too_many_files'));
      return;
    }
    if (files.some((file) => !ACCEPTED_TYPES.includes(file.type))) {
      this.uploadError.set(this.language.instant('requester.wizard.wrong_type'));
      return;
    }
    this.upload(files);
  }

  protected toggleDocument(): void {
    const show = !this.showDocument();
    this.showDocument.set(show);
    const document = this.document();
    if (show && document && this.pageUrls().length === 0) {
      for (let n = 1; n <= Math.min(document.pageCount, MAX_FILES); n++) {
        this.api
          .page(document.id, n)
          .pipe(takeUntilDestroyed(this.destroyRef))
          .subscribe({
            next: (blob) => this.pageUrls.update((urls) => [...urls, URL.createObjectURL(blob)]),
            error: (error: unknown) => this.error.set(this.notifier.messageFor(toApiError(error))),
          });
      }
    }
  }

  protected goToStep(index: number): void {
    const stepper = this.stepper();
    if (stepper) {
      stepper.selectedIndex = index;
    }
  }

  /** Step 4's summary is built when it is shown. */
  protected stepChanged(index: number): void {
    if (index === 3) {
      this.summary.set(this.requestData());
    }
  }

  protected backToOverview(): void {
    // Nothing started, or already sent: nothing to lose.
    if (this.answer() || (!this.form.dirty && !this.document())) {
      void this.router.navigate(['/requester']);
      return;
    }
    const data: ConfirmDialogData = {
      titleKey: 'requester.wizard.abandon_title',
      messageKey: 'requester.wizard.abandon_message',
      confirmKey: 'requester.wizard.abandon_confirm',
    };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(filter((confirmed) => confirmed === true))
      .subscribe(() => void this.router.navigate(['/requester']));
  }

  protected send(): void {
    if (this.sending()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set(this.language.instant('requester.wizard.incomplete'));
      return;
    }
    const documentId = this.form.controls.document.controls.documentId.value;
    const data = this.requestData();
    const ticketId = this.ticketId();
    const call = ticketId ? this.api.reupload(ticketId, documentId, data) : this.api.submit(documentId, data);
    this.sending.set(true);
    this.error.set(null);
    call.pipe(finalize(() => this.sending.set(false))).subscribe({
      next: (ticket) => this.answer.set(ticket),
      error: (error: unknown) => {
        if (toApiError(error).status === 401) {
          this.signedOut.set(true);
          return;
        }
        const refusal = applyRefusal(this.form, error);
        this.error.set(refusal.message ?? (refusal.paths.length ? null : this.notifier.messageFor(toApiError(error))));
        const first = refusal.paths[0];
        if (first) {
          this.goToStep(this.stepOf(first));
        }
      },
    });
  }

  private stepOf(path: string): number {
    if (path.startsWith('document')) {
      return 0;
    }
    if (path.startsWith('person')) {
      return 1;
    }
    if (path.startsWith('addresses')) {
      return 2;
    }
    return 3;
  }

  private addressGroup(country: string): FormGroup {
    return this.fb.group({
      street: ['', [Validators.required, Validators.maxLength(120)]],
      houseNumber: ['', Validators.maxLength(12)],
      box: ['', Validators.maxLength(12)],
      postalCode: ['', Validators.maxLength(12)],
      municipality: ['', [Validators.required, Validators.maxLength(80)]],
      country: [country, [Validators.required, Validators.pattern(/^\s*[A-Za-z]{2}\s*$/)]],
    });
  }

  private loadTicket(id: string): void {
    this.api
      .ticket(id)
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (ticket) => {
          this.ticket.set(ticket);
          this.preload(ticket.data);
        },
        error: (error: unknown) => this.failPage(error),
      });
  }

  /** Re-upload: the ticket's data in the form; only the document is new. */
  private preload(data: RequestData): void {
    const { document, person } = this.form.controls;
    document.patchValue({
      type: isDocumentType(data.document.type) ? data.document.type : '',
      number: data.document.number ?? '',
      issuingCountry: data.document.issuingCountry ?? '',
      validUntil: data.document.validUntil ?? '',
      nationalNumber: data.document.nationalNumber ?? '',
      mrz: (data.document.mrz ?? []).join('\n'),
    });
    person.patchValue({
      surname: data.person.surname ?? '',
      givenNames: data.person.givenNames ?? '',
      birthDate: data.person.birthDate ?? '',
      sex: data.person.sex ?? '',
      nationality: data.person.nationality ?? '',
      birthPlace: data.person.birthPlace ?? '',
      birthCountry: data.person.birthCountry ?? '',
    });
    if (data.residence) {
      this.toggleResidence(true);
      this.form.controls.addresses.controls.residence.patchValue(this.addressValue(data.residence));
    }
    if (data.contactAddress) {
      this.toggleContactAddress(true);
      this.form.controls.addresses.controls.contactAddress.patchValue(this.addressValue(data.contactAddress));
    }
    this.form.controls.final.patchValue({ comment: data.comment ?? '', notificationEmail: data.notificationEmail ?? '' });
  }

  private addressValue(address: RequestAddress): Record<string, string> {
    return {
      street: address.street ?? '',
      houseNumber: address.houseNumber ?? '',
      box: address.box ?? '',
      postalCode: address.postalCode ?? '',
      municipality: address.municipality ?? '',
      country: address.country ?? '',
    };
  }

  private upload(files: File[]): void {
    this.pollSubscription?.unsubscribe();
    this.uploadError.set(null);
    this.error.set(null);
    this.forgetDocument();
    this.fileNames.set(files.map((file) => file.name));
    this.uploading.set(true);
    this.form.controls.document.markAsDirty();
    this.api
      .upload(files)
      .pipe(finalize(() => this.uploading.set(false)))
      .subscribe({
        next: (document) => this.documentArrived(document),
        error: (error: unknown) => {
          const apiError = toApiError(error);
          if (apiError.status === 401) {
            this.signedOut.set(true);
            return;
          }
          this.fileNames.set([]);
          this.uploadError.set(this.notifier.messageFor(apiError));
        },
      });
  }

  /** Replacing the document: forget it, and the values it filled that nobody changed since. */
  private forgetDocument(): void {
    this.document.set(null);
    this.readMrz.set([]);
    this.showDocument.set(false);
    this.revokePages();
    this.form.controls.document.controls.documentId.setValue('');
    for (const [path, { value }] of Object.entries(this.prefilled())) {
      const control = this.form.get(path);
      if (control && control.value === value) {
        control.setValue('');
      }
    }
    this.prefilled.set({});
  }

  private documentArrived(document: DocumentStatus): void {
    this.document.set(document);
    if (document.status === 'received') {
      this.pollSubscription = timer(this.pollMs)
        .pipe(
          switchMap(() => this.api.document(document.id)),
          takeUntilDestroyed(this.destroyRef),
        )
        .subscribe({
          next: (next) => this.documentArrived(next),
          error: (error: unknown) => {
            const apiError = toApiError(error);
            this.signedOut.set(apiError.status === 401);
            this.uploadError.set(this.notifier.messageFor(apiError));
          },
        });
      return;
    }
    if (document.status === 'failed') {
      this.uploadError.set(this.language.instant('requester.wizard.unreadable'));
      return;
    }
    this.form.controls.document.controls.documentId.setValue(document.id);
    this.applyPrefill(document);
  }

  /** Fills the empty fields with what the document gave; leaves what the requester typed. */
  private applyPrefill(document: DocumentStatus): void {
    const filled: Record<string, { value: string; confidence: number }> = {};
    for (const prefill of prefillsOf(document)) {
      const control = this.form.get(prefill.path);
      if (control && String(control.value ?? '').trim() === '') {
        control.setValue(prefill.value);
        control.markAsTouched();
        filled[prefill.path] = { value: prefill.value, confidence: prefill.confidence };
      }
    }
    const lines = mrzLinesOf(document);
    this.readMrz.set(lines);
    const mrz = this.form.controls.document.controls.mrz;
    if (lines.length && mrz.value.trim() === '') {
      mrz.setValue(lines.join('\n'));
    }
    this.prefilled.set(filled);
  }

  private requestData(): RequestData {
    const value = this.form.getRawValue();
    const address = (group: FormGroup, on: boolean): RequestAddress | null => {
      if (!on) {
        return null;
      }
      const raw = group.getRawValue() as Record<string, string>;
      return {
        street: raw['street'].trim(),
        houseNumber: orNull(raw['houseNumber']),
        box: orNull(raw['box']),
        postalCode: orNull(raw['postalCode']),
        municipality: raw['municipality'].trim(),
        country: raw['country'].trim().toUpperCase(),
      };
    };
    return {
      document: {
        type: value.document.type as RequestData['document']['type'],
        number: value.document.number.trim().toUpperCase(),
        issuingCountry: value.document.issuingCountry.trim().toUpperCase(),
        validUntil: orNull(value.document.validUntil),
        nationalNumber: orNull(value.document.nationalNumber),
        mrz: mrzLinesFromText(value.document.mrz),
      },
      person: {
        surname: value.person.surname.trim(),
        givenNames: value.person.givenNames.trim(),
        birthDate: value.person.birthDate.trim(),
        sex: value.person.sex === 'M' || value.person.sex === 'F' ? value.person.sex : null,
        nationality: value.person.nationality.trim().toUpperCase(),
        birthPlace: orNull(value.person.birthPlace),
        birthCountry: orNull(value.person.birthCountry)?.toUpperCase() ?? null,
      },
      residence: address(this.form.controls.addresses.controls.residence, this.hasResidence()),
      contactAddress: address(this.form.controls.addresses.controls.contactAddress, this.hasContactAddress()),
      comment: orNull(value.final.comment),
      notificationEmail: value.final.notificationEmail.trim().toLowerCase(),
    };
  }

  private failPage(error: unknown): void {
    const failure = pageFailureOf(error, (apiError) => this.notifier.messageFor(apiError));
    this.signedOut.set(failure.signedOut);
    this.error.set(failure.message);
    this.loading.set(false);
  }

  private revokePages(): void {
    for (const url of this.pageUrls()) {
      URL.revokeObjectURL(url);
    }
    this.pageUrls.set([]);
  }
}
