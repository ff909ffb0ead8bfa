import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslatePipe } from '@ngx-translate/core';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { agentErrorKey, DeskAgentError, DeskAgentService } from '../services/desk-agent.service';

/** Codes that end the pending code: the clerk must ask the agent for a new one. */
const NEEDS_NEW_CODE: readonly string[] = ['agent.pair_not_started', 'agent.pair_code_expired', 'agent.timeout', 'agent.unreachable'];

/**
 * Pairs this browser tab with the desk agent: the agent shows a code on the desk PC's own screen
 * (never sent over the socket), the clerk types it here. Closes with `true` once paired.
 */
@Component({
  selector: 'app-pair-agent-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslatePipe,
    ControlErrorPipe,
  ],
  template: `
    <h2 mat-dialog-title>{{ 'desk.pair.title' | translate }}</h2>
    <form [formGroup]="form" (ngSubmit)="confirm()" novalidate>
      <mat-dialog-content>
        @if (step() === 'starting') {
          <mat-progress-bar mode="indeterminate" [attr.aria-label]="'desk.pair.starting' | translate" />
          <p role="status">{{ 'desk.pair.starting' | translate }}</p>
        } @else {
          <p>{{ 'desk.pair.intro' | translate }}</p>
        }
        @if (error(); as error) {
          <div class="inline-error">
            <mat-icon aria-hidden="true">error</mat-icon>
            <span role="alert" data-testid="pair-error">{{ error.key | translate: error.params }}</span>
          </div>
        }
        <mat-form-field class="full-width">
          <mat-label>{{ 'desk.pair.code' | translate }}</mat-label>
          <input
            matInput
            class="pairing-code"
            formControlName="code"
            data-testid="pairing-code-input"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck="false"
            maxlength="9"
            required
            cdkFocusInitial
          />
          <mat-hint>{{ 'desk.pair.code_hint' | translate }}</mat-hint>
          <mat-error>{{ form.controls.code | controlError }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | translate }}</button>
        @if (needsNewCode()) {
          <button mat-stroked-button type="button" data-testid="pair-new-code-button" (click)="start()">
            {{ 'desk.pair.new_code' | translate }}
          </button>
        }
        <button mat-flat-button type="submit" data-testid="pair-confirm-button" [disabled]="step() !== 'waiting_code'">
          {{ 'desk.pair.submit' | translate }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .pairing-code {
      font-family: 'Roboto Mono', ui-monospace, monospace;
      font-size: 1.4rem;
      letter-spacing: 0.2em;
      text-transform: uppercase;
    }
  `,
})
export class PairAgentDialogComponent implements OnInit {
  private readonly agent = inject(DeskAgentService);
  private readonly dialogRef = inject<MatDialogRef<PairAgentDialogComponent, boolean>>(MatDialogRef);
  private readonly notifier = inject(ErrorNotifier);

  protected readonly step = signal<'starting' | 'waiting_code' | 'confirming' | 'stopped'>('starting');
  protected readonly error = signal<{ key: string; params?: Record<string, unknown> } | null>(null);
  protected readonly needsNewCode = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    code: ['', [Validators.required, Validators.pattern(/^\s*[A-Za-z0-9]{3}[\s-]?[A-Za-z0-9]{3}\s*$/)]],
  });
  private readonly code = this.form.controls.code;

  ngOnInit(): void {
    this.start();
  }

  protected start(): void {
    this.step.set('starting');
    this.error.set(null);
    this.needsNewCode.set(false);
    this.code.reset();
    this.agent.startPairing().then(
      () => this.step.set('waiting_code'),
      (error: unknown) => this.failed(error),
    );
  }

  protected confirm(): void {
    if (this.step() !== 'waiting_code') {
      return;
    }
    if (this.code.invalid) {
      this.code.markAsTouched();
      return;
    }
    this.step.set('confirming');
    this.error.set(null);
    this.agent.confirmPairing(this.code.value).then(
      () => {
        this.notifier.info('desk.pair.done');
        this.dialogRef.close(true);
      },
      (error: unknown) => this.failed(error),
    );
  }

  private failed(error: unknown): void {
    const code = error instanceof DeskAgentError ? error.code : 'agent.internal';
    const attemptsLeft = error instanceof DeskAgentError ? error.attemptsLeft : null;
    const spent = code === 'agent.pair_code_invalid' && (attemptsLeft ?? 0) <= 0;
    const retryable = code === 'agent.pair_code_invalid' && !spent;
    this.error.set({ key: agentErrorKey(spent ? 'agent.pair_code_expired' : code), params: { count: attemptsLeft ?? 0 } });
    this.needsNewCode.set(spent || NEEDS_NEW_CODE.includes(code) || code === 'agent.pair_rate_limited');
    this.step.set(retryable ? 'waiting_code' : 'stopped');
    if (retryable) {
      this.code.reset();
    }
  }
}
