import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { toApiError } from '../../../core/http/api-error';

/** `/api/desk/mrz-scans/:id` as the api answers it. */
export interface MrzScan {
  id: string;
  state: 'analysing' | 'read' | 'not_found' | 'failed';
  lines: string[];
  format: 'TD1' | 'TD2' | 'TD3' | null;
  valid: boolean | null;
  problems: string[];
  failureCode: string | null;
}

/** How often, and how long at most, the page asks whether the OCR worker has read the photo. */
export const MRZ_SCAN_POLL_MS = 700;
export const MRZ_SCAN_TIMEOUT_MS = 60_000;

type Outcome =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'read'; valid: boolean }
  | { kind: 'not_found'; problems: string[] }
  | { kind: 'error'; message: string };

/**
 * "Scan the MRZ": the clerk photographs the document's photo page (or picks a scan), the OCR worker
 * reads the MRZ, and the lines land in the MRZ field for the clerk to compare with the document
 * before the usual check. Nothing is trusted from the OCR: the lines are checked like typed ones.
 */
@Component({
  selector: 'app-mrz-scan',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, TranslatePipe],
  template: `
    <div class="scan">
      <input
        #fileInput
        type="file"
        accept="image/jpeg,image/png"
        capture="environment"
        class="visually-hidden"
        tabindex="-1"
        data-testid="mrz-scan-input"
        (change)="picked($event)"
      />
      <button mat-stroked-button type="button" data-testid="mrz-scan-button" [disabled]="outcome().kind === 'working'" (click)="fileInput.click()">
        <mat-icon>document_scanner</mat-icon>
        {{ 'desk.mrz_scan.button' | translate }}
      </button>
      <div aria-live="polite" data-testid="mrz-scan-status" [attr.data-state]="outcome().kind">
        @switch (outcome().kind) {
          @case ('working') {
            <mat-progress-bar mode="indeterminate" [attr.aria-label]="'desk.mrz_scan.reading' | translate" />
            <p>{{ 'desk.mrz_scan.reading' | translate }}</p>
          }
          @case ('read') {
            <p>
              <mat-icon aria-hidden="true">{{ readValid() ? 'check_circle' : 'warning' }}</mat-icon>
              {{ (readValid() ? 'desk.mrz_scan.read_valid' : 'desk.mrz_scan.read_invalid') | translate }}
            </p>
          }
          @case ('not_found') {
            <p role="alert">{{ 'desk.mrz_scan.not_found' | translate }}</p>
            @for (problem of problems(); track problem) {
              <p class="hint">{{ 'desk.mrz_scan.problem_' + problem | translate }}</p>
            }
          }
          @case ('error') {
            <p role="alert" class="error">{{ errorMessage() }}</p>
          }
        }
      </div>
    </div>
  `,
  styles: `
    .scan {
      display: flex;
      flex-direction: column;
      gap: 8px;
      margin-bottom: 16px;
      align-items: flex-start;
    }
    .scan p {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 0;
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class MrzScanComponent {
  private readonly http = inject(HttpClient);
  private readonly notifier = inject(ErrorNotifier);
  private readonly translate = inject(TranslateService);
  private destroyed = false;

  /** The MRZ lines, one per line, once the worker has read them. */
  readonly read = output<string>();
  protected readonly outcome = signal<Outcome>({ kind: 'idle' });

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.destroyed = true));
  }

  protected readValid(): boolean {
    const outcome = this.outcome();
    return outcome.kind === 'read' && outcome.valid;
  }

  protected problems(): string[] {
    const outcome = this.outcome();
    return outcome.kind === 'not_found' ? outcome.problems : [];
  }

  protected errorMessage(): string {
    const outcome = this.outcome();
    return outcome.kind === 'error' ? outcome.message : '';
  }

  protected async picked(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    // The same photo can be picked again after a retake.
    input.value = '';
    if (file) await this.scan(file);
  }

  async scan(file: Blob): Promise<void> {
    this.outcome.set({ kind: 'working' });
    const form = new FormData();
    form.append('image', file);
    try {
      let scan = await firstValueFrom(this.http.post<MrzScan>('/api/desk/mrz-scans', form));
      const deadline = Date.now() + MRZ_SCAN_TIMEOUT_MS;
      while (scan.state === 'analysing') {
        if (this.destroyed) return;
        if (Date.now() > deadline) {
          this.outcome.set({ kind: 'error', message: this.translate.instant('desk.mrz_scan.timeout') });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, MRZ_SCAN_POLL_MS));
        scan = await firstValueFrom(this.http.get<MrzScan>(`/api/desk/mrz-scans/${encodeURIComponent(scan.id)}`));
      }
      this.finish(scan);
    } catch (error: unknown) {
      this.outcome.set({ kind: 'error', message: this.notifier.messageFor(toApiError(error)) });
    }
  }

  private finish(scan: MrzScan): void {
    if (scan.state === 'read') {
      this.outcome.set({ kind: 'read', valid: scan.valid === true });
      this.read.emit(scan.lines.join('\n'));
    } else if (scan.state === 'not_found') {
      this.outcome.set({ kind: 'not_found', problems: scan.problems });
    } else {
      this.outcome.set({ kind: 'not_found', problems: scan.problems.length ? scan.problems : ['unreadable'] });
    }
  }
}
