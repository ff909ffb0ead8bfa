import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { interval, Observable, Subscription } from 'rxjs';
import { SessionStore } from '../../../core/auth/session.store';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { toApiError } from '../../../core/http/api-error';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { differs } from '../services/niss-format';
import { NissApiService } from '../services/niss-api.service';
import { Candidate, MrzChecks, OcrField, REUPLOAD_REASONS, RequestData, ReuploadReason, Review } from '../services/niss.models';
import { DocumentPagesComponent } from './document-pages.component';

export const TOUCH_INTERVAL_MS = 60_000;

/** The request fields OCR may have read, with where the entered value lives. */
const FIELDS: readonly { name: string; entered: (data: RequestData) => string | null | undefined }[] = [
  { name: 'documentType', entered: (d) => d.document?.type },
  { name: 'documentNumber', entered: (d) => d.document?.number },
  { name: 'issuingCountry', entered: (d) => d.document?.issuingCountry },
  { name: 'validUntil', entered: (d) => d.document?.validUntil },
  { name: 'nationalNumber', entered: (d) => d.document?.nationalNumber },
  { name: 'surname', entered: (d) => d.person?.surname },
  { name: 'givenNames', entered: (d) => d.person?.givenNames },
  { name: 'birthDate', entered: (d) => d.person?.birthDate },
  { name: 'sex', entered: (d) => d.person?.sex },
  { name: 'nationality', entered: (d) => d.person?.nationality },
];

/** The identity fields a candidate is compared on, side by side with the request. */
const COMPARED = ['surname', 'givenNames', 'birthDate', 'nationality', 'sex'] as const;
type Compared = (typeof COMPARED)[number];

const MRZ_CHECKS = ['documentNumber', 'birthDate', 'expiryDate', 'composite', 'personalNumber'] as const;

interface FieldRow {
  name: string;
  entered: string;
  ocr: OcrField | null;
  differs: boolean;
}

/** One NISS ticket under review: document, data beside OCR, ranked candidates, decisions. */
@Component({
  selector: 'app-niss-review-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
    TranslatePipe,
    LocalDateTimePipe,
    DocumentPagesComponent,
  ],
  templateUrl: './niss-review-page.component.html',
  styleUrl: './niss-review-page.component.scss',
})
export class NissReviewPageComponent {
  private readonly api = inject(NissApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly router = inject(Router);
  private readonly session = inject(SessionStore);
  private readonly fb = inject(NonNullableFormBuilder);

  /** The ticket id (route parameter). */
  readonly id = input.required<string>();

  protected readonly review = signal<Review | null>(null);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  /** This operator holds the claim: decisions are possible. */
  protected readonly claimed = signal(false);
  /** Another operator holds the ticket: the API's message, and their name when known. */
  protected readonly heldByOther = signal<{ message: string; name: string | null } | null>(null);

  protected readonly isSupervisor = computed(() => this.session.hasAnyRole(['supervisor']));
  protected readonly compared = COMPARED;
  protected readonly reasons = REUPLOAD_REASONS;
  protected readonly ticket = computed(() => this.review()?.ticket ?? null);
  protected readonly fieldRows = computed<FieldRow[]>(() => {
    const review = this.review();
    if (!review) return [];
    const fields = review.document?.analysis?.fields ?? {};
    return FIELDS.map(({ name, entered }) => {
      const value = entered(review.ticket.data) ?? '';
      const ocr = fields[name];
      const read = ocr && typeof ocr === 'object' && typeof ocr.value === 'string' ? ocr : null;
      return { name, entered: value, ocr: read, differs: read !== null && differs(read.value, value) };
    });
  });
  protected readonly mrzChecks = computed(() => {
    const checks: MrzChecks | null | undefined = this.review()?.document?.analysis?.mrz?.checks;
    if (!checks || typeof checks !== 'object') return [];
    return MRZ_CHECKS.filter((name) => typeof checks[name] === 'boolean').map((name) => ({ name, ok: checks[name] === true }));
  });
  protected readonly canCreateBis = computed(() => {
    const review = this.review();
    return !!review && !review.bisProposedBy && !(review.bisFourEyes && this.isSupervisor());
  });
  protected readonly canConfirmBis = computed(() => {
    const review = this.review();
    return !!review && review.bisFourEyes && !!review.bisProposedBy && this.isSupervisor();
  });

  protected readonly failForm = this.fb.group({ reason: ['', [Validators.required, Validators.minLength(3), Validators.maxLength(500)]] });
  protected readonly reuploadForm = this.fb.group({
    reason: this.fb.control<ReuploadReason>('quality_insufficient'),
    text: ['', [Validators.maxLength(500)]],
  });
  protected readonly reuploadTextMissing = signal(false);

  private touching: Subscription | null = null;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
    inject(DestroyRef).onDestroy(() => this.stopTouching());
  }

  private load(id: string): void {
    this.stopTouching();
    this.claimed.set(false);
    this.heldByOther.set(null);
    this.loading.set(true);
    this.api.review(id).subscribe({
      next: (review) => {
        this.loading.set(false);
        this.review.set(review);
        const me = this.session.me()?.id ?? null;
        const status = review.ticket.status;
        if (status === 'in_review' && review.claimedBy !== null && review.claimedBy === me) {
          this.holdClaim();
        } else if (status === 'pending' || status === 'in_review') {
          this.claim(false);
        }
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.notifier.show(error);
      },
    });
  }

  protected claim(takeover: boolean): void {
    const review = this.review();
    if (!review) return;
    this.busy.set(true);
    this.api.claim(review.ticket.id, takeover).subscribe({
      next: () => {
        this.busy.set(false);
        this.heldByOther.set(null);
        this.holdClaim();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const apiError = toApiError(error);
        if (apiError.code === 'niss.claimed_by_other') {
          this.heldByOther.set({ message: this.notifier.messageFor(apiError), name: review.claimedByName });
        } else {
          this.notifier.show(error);
        }
      },
    });
  }

  protected release(): void {
    const review = this.review();
    if (!review) return;
    this.stopTouching();
    this.api.release(review.ticket.id).subscribe({
      next: () => {
        this.claimed.set(false);
        this.notifier.info('niss.review.released', { number: review.ticket.number });
        this.backToQueue();
      },
      error: (error: unknown) => this.notifier.show(error),
    });
  }

  protected identify(candidate: Candidate): void {
    this.decide(this.api.identify(this.id(), candidate.personId), 'niss.review.identified');
  }

  protected createBis(): void {
    const review = this.review();
    if (!review) return;
    this.busy.set(true);
    this.api.createBis(review.ticket.id).subscribe({
      next: (result) => {
        this.busy.set(false);
        if (result.proposed) {
          this.notifier.info('niss.review.bis_proposed', { number: result.ticket.number });
        } else {
          this.notifier.info('niss.review.bis_created', { number: result.ticket.number, niss: result.ticket.niss ?? '' });
        }
        this.stopTouching();
        this.backToQueue();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.show(error);
      },
    });
  }

  protected fail(): void {
    if (this.failForm.invalid) {
      this.failForm.markAllAsTouched();
      return;
    }
    this.decide(this.api.fail(this.id(), this.failForm.getRawValue().reason.trim()), 'niss.review.failed');
  }

  protected requestReupload(): void {
    const { reason, text } = this.reuploadForm.getRawValue();
    const trimmed = text.trim();
    if (reason === 'other' && trimmed === '') {
      this.reuploadTextMissing.set(true);
      this.reuploadForm.controls.text.markAsTouched();
      return;
    }
    this.reuploadTextMissing.set(false);
    this.decide(this.api.requestReupload(this.id(), reason, trimmed || null), 'niss.review.reupload_requested');
  }

  /** The cell of a candidate that differs from the request. */
  protected candidateDiffers(candidate: Candidate, field: Compared): boolean {
    const entered = this.review()?.ticket.data.person;
    if (!entered) return false;
    return differs(candidate[field] ?? '', entered[field] ?? '');
  }

  protected enteredValue(field: Compared): string {
    return this.review()?.ticket.data.person?.[field] ?? '';
  }

  private decide(call: Observable<{ number: string }>, doneKey: string): void {
    this.busy.set(true);
    call.subscribe({
      next: (ticket) => {
        this.busy.set(false);
        this.stopTouching();
        this.notifier.info(doneKey, { number: ticket.number });
        this.backToQueue();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.show(error);
      },
    });
  }

  private holdClaim(): void {
    this.claimed.set(true);
    this.stopTouching();
    const id = this.id();
    this.touching = interval(TOUCH_INTERVAL_MS).subscribe(() =>
      this.api.touch(id).subscribe({
        error: (error: unknown) => {
          this.stopTouching();
          this.claimed.set(false);
          this.notifier.show(error);
        },
      }),
    );
  }

  private stopTouching(): void {
    this.touching?.unsubscribe();
    this.touching = null;
  }

  private backToQueue(): void {
    void this.router.navigate(['/niss']);
  }
}
