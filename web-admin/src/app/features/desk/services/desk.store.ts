import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { exhaustMap, finalize, first, firstValueFrom, of, Subscription, switchMap, take, tap, timer } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { toApiError } from '../../../core/http/api-error';
import { Language } from '../../../core/i18n/languages';
import { DeskAgentError, DeskAgentFailure, DeskAgentService } from './desk-agent.service';
import { DeskApiService } from './desk-api.service';
import { cleanMrz } from './desk-format';
import { ActivationCode, VerifiedIdentity } from './desk.models';
import { LetterFile, LetterFiles } from './letter-files';
import { cardRefusalLines, documentRefusalLines, refusalReasons, TranslatedLine } from './refusals';

/** Letter readiness is polled this often, this many times (~20 s) before saying it is slow. */
export const LETTER_POLL_MS = 500;
export const LETTER_POLL_TRIES = 40;

export type IdentifyOutcome = 'verified' | 'refused' | 'failed';

export interface Refusal {
  kind: 'card' | 'document';
  /** The API's own (translated) message. */
  message: string | null;
  lines: TranslatedLine[];
}

/** `unchecked`: no valid address yet; `checking`; `clear`: no key on it; `keys`: keys will be deactivated. */
export type EmailGuard = 'unchecked' | 'checking' | 'clear' | 'keys';

export type LetterState = 'idle' | 'waiting' | 'ready' | 'slow' | 'failed';

/**
 * One person at the desk, from the card read (or document check) to the printed letter. One per
 * desk page; `nextPerson()` forgets everything about the person (photo, data, letter).
 */
@Injectable()
export class DeskStore {
  private readonly agent = inject(DeskAgentService);
  private readonly api = inject(DeskApiService);
  private readonly letters = inject(LetterFiles);
  private readonly notifier = inject(ErrorNotifier);

  readonly busy = signal<'reading' | 'verifying' | 'checking_document' | null>(null);
  /** Only ever what the API verified. */
  readonly identity = signal<VerifiedIdentity | null>(null);
  /** The card photo, shown only once the API verified the read (the photo hash included). */
  readonly photoUrl = signal<string | null>(null);
  readonly refusal = signal<Refusal | null>(null);
  readonly agentFailure = signal<DeskAgentFailure | null>(null);

  readonly email = signal('');
  readonly emailValid = signal(false);
  private readonly emailCheck = signal<{ email: string; activeKeys: number } | null>(null);
  private readonly emailChecking = signal<string | null>(null);
  readonly confirmReplace = signal(false);

  readonly issuing = signal(false);
  readonly code = signal<ActivationCode | null>(null);
  readonly letterState = signal<LetterState>('idle');
  readonly letter = signal<LetterFile | null>(null);
  readonly printing = signal(false);

  /** The last thing to tell a screen-reader user (rendered in a polite live region). */
  readonly announcement = signal<TranslatedLine | null>(null);

  readonly activeKeys = computed(() => {
    const check = this.emailCheck();
    return check && check.email === normalizeEmail(this.email()) ? check.activeKeys : null;
  });

  readonly emailGuard = computed<EmailGuard>(() => {
    if (!this.emailValid()) {
      return 'unchecked';
    }
    const keys = this.activeKeys();
    if (keys === null) {
      return this.emailChecking() === normalizeEmail(this.email()) ? 'checking' : 'unchecked';
    }
    return keys > 0 ? 'keys' : 'clear';
  });

  /** Issuing needs verified evidence, a checked address, and the explicit confirmation when keys exist. */
  readonly canIssue = computed(() => {
    const guard = this.emailGuard();
    return (
      this.identity() !== null &&
      this.code() === null &&
      !this.issuing() &&
      (guard === 'clear' || (guard === 'keys' && this.confirmReplace()))
    );
  });

  private emailSubscription: Subscription | null = null;
  private letterSubscription: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.forgetPerson());
  }

  /** Agent read → API verification. Clears the previous person first. */
  async readCard(): Promise<IdentifyOutcome> {
    if (this.busy()) {
      return 'failed';
    }
    this.forgetPerson();
    this.busy.set('reading');
    this.announce('desk.identify.reading');
    try {
      const read = await this.agent.readCard();
      this.busy.set('verifying');
      const identity = await firstValueFrom(this.api.verifyCardRead({ files: read.files }));
      this.identity.set(identity);
      this.photoUrl.set(read.files.photo ? `data:image/jpeg;base64,${read.files.photo}` : null);
      this.announceVerified(identity);
      return 'verified';
    } catch (error: unknown) {
      return this.identifyFailed(error, 'card');
    } finally {
      this.busy.set(null);
    }
  }

  /** Passport or foreign identity document: the API checks the MRZ check digits and the expiry. */
  async checkDocument(mrz: string): Promise<IdentifyOutcome> {
    if (this.busy()) {
      return 'failed';
    }
    this.forgetPerson();
    this.busy.set('checking_document');
    try {
      const identity = await firstValueFrom(this.api.checkDocument({ mrz: cleanMrz(mrz) }));
      this.identity.set(identity);
      this.announceVerified(identity);
      return 'verified';
    } catch (error: unknown) {
      return this.identifyFailed(error, 'document');
    } finally {
      this.busy.set(null);
    }
  }

  /** The address typed so far; a changed address needs a new check (and a new confirmation). */
  setEmail(email: string, valid: boolean): void {
    if (normalizeEmail(email) !== normalizeEmail(this.email())) {
      this.confirmReplace.set(false);
    }
    this.email.set(email);
    this.emailValid.set(valid);
  }

  /** The e-mail guard: asks how many active keys the current address already has. */
  checkEmail(): void {
    const email = normalizeEmail(this.email());
    if (!this.emailValid() || this.emailChecking() === email || this.emailCheck()?.email === email) {
      return;
    }
    this.emailSubscription?.unsubscribe();
    this.emailChecking.set(email);
    this.emailSubscription = this.api
      .checkEmail(email)
      .pipe(finalize(() => this.emailChecking.update((current) => (current === email ? null : current))))
      .subscribe({
        next: ({ activeKeys }) => {
          this.emailCheck.set({ email, activeKeys });
          if (activeKeys > 0) {
            this.announce('desk.issue.keys_warning', { count: activeKeys });
          }
        },
        error: (error: unknown) => this.notifier.show(error),
      });
  }

  /** Issues the activation code, then waits for its letter. */
  async issue(language: Language): Promise<boolean> {
    const identity = this.identity();
    if (!identity || !this.canIssue()) {
      return false;
    }
    const email = normalizeEmail(this.email());
    const replacing = (this.activeKeys() ?? 0) > 0;
    this.issuing.set(true);
    try {
      const code = await firstValueFrom(
        this.api.issueCode({
          evidenceId: identity.evidence.id,
          email,
          language,
          ...(replacing ? { confirmReplaceKeys: true } : {}),
        }),
      );
      this.code.set(code);
      this.announce('desk.issue.issued', { name: code.personName });
      this.watchLetter(code.id);
      return true;
    } catch (error: unknown) {
      const apiError = this.notifier.show(error);
      if (apiError.code === 'desk.keys_confirmation_required') {
        // Keys appeared since the check: show the guard and ask again.
        const body = (error as { error?: { activeKeys?: unknown } }).error;
        const activeKeys = typeof body?.activeKeys === 'number' ? body.activeKeys : 1;
        this.emailCheck.set({ email, activeKeys });
        this.confirmReplace.set(false);
      }
      return false;
    } finally {
      this.issuing.set(false);
    }
  }

  /** Polls the code until its letter is rendered, then fetches the PDF for preview. */
  watchLetter(codeId: string): void {
    this.letterSubscription?.unsubscribe();
    this.letters.release(this.letter());
    this.letter.set(null);
    this.letterState.set('waiting');
    this.letterSubscription = timer(0, LETTER_POLL_MS)
      .pipe(
        take(LETTER_POLL_TRIES),
        exhaustMap(() => this.api.getCode(codeId)),
        tap((code) => this.code.set(code)),
        first((code) => code.letterReady, null),
        switchMap((code) => (code ? this.letters.open(codeId) : of(null))),
      )
      .subscribe({
        next: (file) => {
          if (file) {
            this.letter.set(file);
            this.letterState.set('ready');
            this.announce('desk.letter.ready');
          } else {
            this.letterState.set('slow');
            this.announce('desk.letter.slow');
          }
        },
        error: (error: unknown) => {
          this.letterState.set('failed');
          this.notifier.show(error);
        },
      });
  }

  /** Prints the letter shown in `frame`, then records the print. */
  async printLetter(frame: HTMLIFrameElement | null | undefined): Promise<boolean> {
    const file = this.letter();
    const code = this.code();
    if (!file || !code || this.printing()) {
      return false;
    }
    this.printing.set(true);
    try {
      this.letters.print(frame, file);
      const updated = await firstValueFrom(this.api.recordPrint(code.id));
      this.code.set(updated);
      this.announce('desk.letter.printed', { count: updated.printCount });
      return true;
    } catch (error: unknown) {
      this.notifier.show(error);
      return false;
    } finally {
      this.printing.set(false);
    }
  }

  /** Forgets the person entirely: nothing of them stays on screen or in memory. */
  nextPerson(): void {
    this.forgetPerson();
    this.email.set('');
    this.emailValid.set(false);
    this.announce('desk.cleared');
  }

  private forgetPerson(): void {
    this.emailSubscription?.unsubscribe();
    this.letterSubscription?.unsubscribe();
    this.letters.release(this.letter());
    this.identity.set(null);
    this.photoUrl.set(null);
    this.refusal.set(null);
    this.agentFailure.set(null);
    this.emailCheck.set(null);
    this.emailChecking.set(null);
    this.confirmReplace.set(false);
    this.code.set(null);
    this.letter.set(null);
    this.letterState.set('idle');
  }

  private identifyFailed(error: unknown, kind: 'card' | 'document'): IdentifyOutcome {
    if (error instanceof DeskAgentError) {
      this.agentFailure.set({ code: error.code, attemptsLeft: error.attemptsLeft });
      return 'failed';
    }
    const apiError = toApiError(error);
    if (apiError.status === 422) {
      const reasons = refusalReasons(error);
      const lines = kind === 'card' ? cardRefusalLines(reasons) : documentRefusalLines(apiError.code, reasons);
      this.refusal.set({ kind, message: apiError.message, lines });
      this.announce(kind === 'card' ? 'desk.refusal.card_title' : 'desk.refusal.document_title');
      return 'refused';
    }
    this.notifier.show(error);
    return 'failed';
  }

  private announceVerified(identity: VerifiedIdentity): void {
    const name = `${identity.person.givenNames} ${identity.person.surname}`.trim();
    this.announce(identity.evidence.kind === 'beid_card' ? 'desk.verified.announce_card' : 'desk.verified.announce_document', {
      name,
    });
  }

  private announce(key: string, params?: Record<string, unknown>): void {
    this.announcement.set({ key, params });
  }
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
