import { ChangeDetectionStrategy, Component, computed, DestroyRef, ElementRef, inject, OnInit, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslatePipe } from '@ngx-translate/core';
import { Subscription } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { DeskApiService } from '../services/desk-api.service';
import { ActivationCode } from '../services/desk.models';
import { LetterFile, LetterFiles } from '../services/letter-files';

export interface LetterDialogData {
  /** The letters to print, in order (one for a reprint, several for "print all unprinted"). */
  codes: readonly ActivationCode[];
}

/**
 * Prints activation letters one after the other: the clerk sees each letter, prints it (which
 * records the print), or skips it. Closes with the number of letters printed.
 */
@Component({
  selector: 'app-letter-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule, MatIconModule, MatProgressBarModule, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ 'desk.letters.title' | translate }}</h2>
    <mat-dialog-content>
      @if (current(); as code) {
        <p role="status" data-testid="letters-progress">
          {{ 'desk.letters.progress' | translate: { index: index() + 1, total: data.codes.length, name: code.personName } }}
        </p>
        @if (file(); as file) {
          <iframe #frame class="letter-frame" [src]="file.frameUrl" [title]="'desk.letter.frame' | translate: { name: code.personName }" data-testid="dialog-letter-frame"></iframe>
        } @else {
          <mat-progress-bar mode="indeterminate" [attr.aria-label]="'desk.letter.preparing' | translate" />
        }
      } @else {
        <p role="status" data-testid="letters-done">{{ 'desk.letters.done' | translate: { count: printed() } }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="printed()">{{ 'common.close' | translate }}</button>
      @if (current()) {
        @if (data.codes.length > 1) {
          <button mat-stroked-button type="button" data-testid="letters-skip-button" (click)="next()">{{ 'desk.letters.skip' | translate }}</button>
        }
        <button mat-flat-button type="button" data-testid="dialog-print-button" [disabled]="!file() || busy()" (click)="print()">
          <mat-icon>print</mat-icon>
          {{ 'desk.letter.print' | translate }}
        </button>
      }
    </mat-dialog-actions>
  `,
  styles: `
    .letter-frame {
      width: min(760px, 85vw);
      height: 60vh;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
    }
  `,
})
export class LetterDialogComponent implements OnInit {
  protected readonly data = inject<LetterDialogData>(MAT_DIALOG_DATA);
  private readonly letters = inject(LetterFiles);
  private readonly api = inject(DeskApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly frame = viewChild<ElementRef<HTMLIFrameElement>>('frame');

  protected readonly index = signal(0);
  protected readonly file = signal<LetterFile | null>(null);
  protected readonly busy = signal(false);
  protected readonly printed = signal(0);
  protected readonly current = computed<ActivationCode | null>(() => this.data.codes[this.index()] ?? null);
  private loading: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.loading?.unsubscribe();
      this.letters.release(this.file());
    });
  }

  ngOnInit(): void {
    this.load();
  }

  protected print(): void {
    const file = this.file();
    const code = this.current();
    if (!file || !code || this.busy()) {
      return;
    }
    this.busy.set(true);
    this.letters.print(this.frame()?.nativeElement, file);
    this.api.recordPrint(code.id).subscribe({
      next: () => {
        this.busy.set(false);
        this.printed.update((count) => count + 1);
        this.next();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.show(error);
      },
    });
  }

  protected next(): void {
    this.index.update((index) => index + 1);
    this.load();
  }

  private load(): void {
    this.loading?.unsubscribe();
    this.letters.release(this.file());
    this.file.set(null);
    const code = this.current();
    if (!code) {
      return;
    }
    this.loading = this.letters.open(code.id).subscribe({
      next: (file) => this.file.set(file),
      error: (error: unknown) => this.notifier.show(error),
    });
  }
}
