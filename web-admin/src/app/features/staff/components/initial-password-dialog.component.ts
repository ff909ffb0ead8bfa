import { CdkCopyToClipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { TranslatePipe } from '@ngx-translate/core';
import { CreateStaffResponse } from '../services/staff.models';

/** The new account's initial password, shown this one time only, with a copy button. */
@Component({
  selector: 'app-initial-password-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule, MatIconModule, CdkCopyToClipboard, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ 'staff.password.title' | translate }}</h2>
    <mat-dialog-content>
      <p>{{ 'staff.password.intro' | translate: { name: data.staff.displayName, email: data.staff.email } }}</p>
      <p class="password-row">
        <code class="secret-value">{{ data.initialPassword }}</code>
        <button
          mat-stroked-button
          type="button"
          [cdkCopyToClipboard]="data.initialPassword"
          (cdkCopyToClipboardCopied)="copied.set($event)"
        >
          <mat-icon>content_copy</mat-icon>
          {{ 'staff.password.copy' | translate }}
        </button>
      </p>
      <p role="status" class="copied">
        @if (copied()) {
          {{ 'common.copied' | translate }}
        }
      </p>
      <p class="warning">{{ 'staff.password.once' | translate }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close>{{ 'staff.password.done' | translate }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .password-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
    }
    .copied {
      min-height: 1.5em;
      margin: 0;
      color: var(--mat-sys-primary);
    }
    .warning {
      color: var(--mat-sys-error);
    }
  `,
})
export class InitialPasswordDialogComponent {
  protected readonly data = inject<CreateStaffResponse>(MAT_DIALOG_DATA);
  protected readonly copied = signal(false);
}
