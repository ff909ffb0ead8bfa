import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslatePipe } from '@ngx-translate/core';
import { TicketDisplay } from '../services/requester.models';

const ICONS: Record<TicketDisplay, string> = {
  identified: 'check_circle',
  failed: 'cancel',
  pending: 'schedule',
  action_required: 'upload_file',
  deleted: 'delete',
};

/** The status symbol of a request (✓ identified, ✗ failed, ⏲ pending, action required), with its text alternative. */
@Component({
  selector: 'app-ticket-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, TranslatePipe],
  template: `
    <mat-icon class="status-icon" [class]="'status-' + display()" role="img" [attr.aria-label]="'requester.status.' + display() | translate">{{ icon() }}</mat-icon>
    @if (withLabel()) {
      <span class="status-label">{{ 'requester.status.' + display() | translate }}</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .status-identified {
      color: #1b7f3b;
    }
    .status-failed,
    .status-deleted {
      color: var(--mat-sys-outline);
    }
    .status-pending {
      color: var(--mat-sys-primary);
    }
    .status-action_required {
      color: var(--mat-sys-error);
    }
  `,
})
export class TicketStatusComponent {
  readonly display = input.required<TicketDisplay>();
  readonly withLabel = input(false);
  protected readonly icon = computed(() => ICONS[this.display()] ?? 'help');
}
