import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  Injector,
  OnInit,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTabsModule } from '@angular/material/tabs';
import { TranslatePipe } from '@ngx-translate/core';
import { debounceTime } from 'rxjs';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { LanguageService } from '../../../core/i18n/language.service';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { Language, LANGUAGES } from '../../../core/i18n/languages';
import { agentErrorKey, DeskAgentService } from '../services/desk-agent.service';
import { DeskStore, IdentifyOutcome } from '../services/desk.store';
import { TodayCodesStore } from '../services/today-codes.store';
import { AgentStatusBarComponent } from './agent-status-bar.component';
import { TodayCodesComponent } from './today-codes.component';
import { VerifiedIdentityComponent } from './verified-identity.component';
import { VirtualCardPickerComponent } from './virtual-card-picker.component';
import { MrzScanComponent } from './mrz-scan.component';

/** Something with a name and a domain with a dot: what the API accepts as an e-mail address. */
const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Keys typed in these go to them, not to the page's shortcuts. */
const INTERACTIVE = 'input, textarea, select, button, a[href], [role="button"], [role="tab"], [role="option"], [contenteditable="true"], mat-select';

/**
 * The registration clerk's desk, built for speed at a counter: read the card (or check a
 * passport), check the e-mail, issue the activation code, print the letter, next person.
 * Keyboard: F2 (or Enter outside a field) reads the card; focus follows each step.
 */
@Component({
  selector: 'app-desk-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatTabsModule,
    MatButtonModule,
    MatIconModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatProgressBarModule,
    TranslatePipe,
    ControlErrorPipe,
    LocalDateTimePipe,
    AgentStatusBarComponent,
    VerifiedIdentityComponent,
    VirtualCardPickerComponent,
    MrzScanComponent,
    TodayCodesComponent,
  ],
  providers: [DeskStore, TodayCodesStore],
  templateUrl: './desk-page.component.html',
  styleUrl: './desk-page.component.scss',
  host: { '(document:keydown)': 'onKeydown($event)' },
})
export class DeskPageComponent implements OnInit {
  protected readonly store = inject(DeskStore);
  protected readonly agent = inject(DeskAgentService);
  private readonly codes = inject(TodayCodesStore);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly language = inject(LanguageService);

  protected readonly languages = LANGUAGES;
  protected readonly agentErrorKey = agentErrorKey;
  /** 0: Belgian eID, 1: passport or foreign ID. */
  protected readonly tab = signal(0);
  protected readonly canRead = computed(() => this.agent.state() === 'paired' && this.store.busy() === null);

  private readonly readButton = viewChild('readButton', { read: ElementRef<HTMLElement> });
  private readonly mrzInput = viewChild('mrzInput', { read: ElementRef<HTMLElement> });
  private readonly emailInput = viewChild('emailInput', { read: ElementRef<HTMLElement> });
  private readonly refusalBox = viewChild('refusalBox', { read: ElementRef<HTMLElement> });
  private readonly letterHeading = viewChild('letterHeading', { read: ElementRef<HTMLElement> });
  private readonly letterFrame = viewChild('letterFrame', { read: ElementRef<HTMLIFrameElement> });
  private readonly printButton = viewChild('printButton', { read: ElementRef<HTMLElement> });
  private readonly nextButton = viewChild('nextButton', { read: ElementRef<HTMLElement> });

  private readonly forms = inject(NonNullableFormBuilder);
  protected readonly mrzForm = this.forms.group({ mrz: ['', [Validators.required, Validators.maxLength(200)]] });
  protected readonly issueForm = this.forms.group({
    email: ['', [Validators.required, Validators.email, Validators.pattern(EMAIL_SHAPE), Validators.maxLength(254)]],
    language: [this.language.current() as Language, [Validators.required]],
  });

  constructor() {
    const email = this.issueForm.controls.email;
    email.valueChanges.pipe(takeUntilDestroyed()).subscribe((value) => this.store.setEmail(value, email.valid));
    // The guard asks the API once the clerk pauses typing (and at once when they leave the field).
    email.valueChanges.pipe(debounceTime(400), takeUntilDestroyed()).subscribe(() => this.store.checkEmail());
    effect(() => {
      if (this.store.letterState() === 'ready') {
        untracked(() => this.focus(this.printButton));
      }
    });
    inject(DestroyRef).onDestroy(() => this.agent.disconnect());
  }

  ngOnInit(): void {
    this.agent.connect();
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (this.dialog.openDialogs.length > 0 || this.store.identity() !== null) {
      return;
    }
    const target = event.target instanceof Element ? event.target : null;
    const inField = !!target?.closest(INTERACTIVE);
    if (event.key === 'F2' || (event.key === 'Enter' && this.tab() === 0 && !inField)) {
      event.preventDefault();
      void this.readCard();
    }
  }

  protected async readCard(): Promise<void> {
    if (!this.canRead()) {
      return;
    }
    this.tab.set(0);
    this.resetIssueForm();
    this.afterIdentify(await this.store.readCard());
  }

  /** The OCR'd MRZ goes into the field for the clerk to compare with the document, then check. */
  protected mrzScanned(lines: string): void {
    this.mrzForm.controls.mrz.setValue(lines);
    this.mrzForm.controls.mrz.markAsDirty();
    this.mrzInput()?.nativeElement.focus();
  }

  protected async checkDocument(): Promise<void> {
    if (this.mrzForm.invalid) {
      this.mrzForm.markAllAsTouched();
      return;
    }
    this.resetIssueForm();
    const outcome = await this.store.checkDocument(this.mrzForm.controls.mrz.value);
    if (outcome === 'verified') {
      this.mrzForm.reset();
    }
    this.afterIdentify(outcome);
  }

  protected checkEmailNow(): void {
    this.store.checkEmail();
  }

  protected confirmReplaceChanged(event: Event): void {
    this.store.confirmReplace.set((event.target as HTMLInputElement).checked);
  }

  protected async issue(): Promise<void> {
    if (this.issueForm.invalid) {
      this.issueForm.markAllAsTouched();
      return;
    }
    if (await this.store.issue(this.issueForm.controls.language.value)) {
      this.codes.load();
      this.focus(this.letterHeading);
    }
  }

  protected async print(): Promise<void> {
    if (await this.store.printLetter(this.letterFrame()?.nativeElement)) {
      this.codes.load();
      this.focus(this.nextButton);
    }
  }

  protected retryLetter(codeId: string): void {
    this.store.watchLetter(codeId);
  }

  /** Clears the person from the screen and gets ready for the next one. */
  protected nextPerson(): void {
    this.store.nextPerson();
    this.resetIssueForm();
    this.mrzForm.reset();
    this.tab.set(0);
    this.focus(this.readButton);
  }

  protected tabChanged(index: number): void {
    this.tab.set(index);
    if (index === 1) {
      this.focus(this.mrzInput);
    }
  }

  private afterIdentify(outcome: IdentifyOutcome): void {
    if (outcome === 'verified') {
      this.focus(this.emailInput);
    } else if (outcome === 'refused') {
      this.focus(this.refusalBox);
    }
  }

  private resetIssueForm(): void {
    this.issueForm.reset({ email: '', language: this.language.current() });
  }

  /** Focuses the element once the view shows it. */
  private focus(ref: () => ElementRef<HTMLElement> | undefined): void {
    afterNextRender({ write: () => ref()?.nativeElement.focus() }, { injector: this.injector });
  }
}
