import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { TranslatePipe } from '@ngx-translate/core';
import { DeskAgentService } from '../services/desk-agent.service';
import { PairAgentDialogComponent } from './pair-agent-dialog.component';

type Tone = 'ok' | 'wait' | 'warn' | 'idle';

/** One line of the status bar: what is, and when something is wrong, what to do about it. */
interface StatusItem {
  tone: Tone;
  icon: string;
  key: string;
  params?: Record<string, unknown>;
  fixKey?: string;
  fixParams?: Record<string, unknown>;
}

/**
 * The desk's equipment at a glance, always visible: the agent, the reader, the card, each with a
 * plain-language fix when something is wrong. Pairing starts here.
 */
@Component({
  selector: 'app-agent-status-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, TranslatePipe],
  template: `
    <section class="status-bar" [attr.aria-label]="'desk.status.label' | translate" data-testid="desk-status-bar">
      <!-- The live region wraps the list: role="status" on the <ul> itself would take its list semantics away. -->
      <div class="live" role="status" aria-live="polite">
        <ul class="items">
          @for (entry of entries(); track entry.id) {
            <li class="item" [class]="'tone-' + entry.item.tone" [attr.data-testid]="entry.id + '-status'" [attr.data-state]="entry.state">
              <mat-icon class="item-icon" aria-hidden="true">{{ entry.item.icon }}</mat-icon>
              <span class="item-text">
                <span class="item-label">{{ entry.labelKey | translate }}</span>
                <span class="item-value">{{ entry.item.key | translate: entry.item.params }}</span>
                @if (entry.item.fixKey; as fixKey) {
                  <span class="item-fix">{{ fixKey | translate: entry.item.fixParams }}</span>
                }
              </span>
            </li>
          }
        </ul>
      </div>
      <div class="actions">
        @switch (agent.state()) {
          @case ('unpaired') {
            <button mat-flat-button type="button" data-testid="pair-button" (click)="pair()">
              <mat-icon>link</mat-icon>
              {{ 'desk.status.pair' | translate }}
            </button>
          }
          @case ('not_running') {
            <button mat-stroked-button type="button" data-testid="agent-retry-button" (click)="agent.retryNow()">
              <mat-icon>refresh</mat-icon>
              {{ 'desk.status.retry' | translate }}
            </button>
          }
          @case ('version_mismatch') {
            <button mat-stroked-button type="button" data-testid="agent-retry-button" (click)="agent.retryNow()">
              <mat-icon>refresh</mat-icon>
              {{ 'desk.status.retry' | translate }}
            </button>
          }
        }
      </div>
    </section>
  `,
  styles: `
    .status-bar {
      position: sticky;
      top: 0;
      z-index: 2;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      padding: 8px 12px;
      margin-bottom: 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
    }
    .live {
      flex: 1 1 auto;
    }
    .items {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
      gap: 8px 16px;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .item {
      display: flex;
      gap: 8px;
      align-items: flex-start;
    }
    .item-text {
      display: flex;
      flex-direction: column;
    }
    .item-label {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .item-value {
      font: var(--mat-sys-title-small);
    }
    .item-fix {
      font: var(--mat-sys-body-small);
    }
    .tone-ok .item-icon {
      color: #1b6e2e;
    }
    .tone-warn .item-icon,
    .tone-warn .item-fix {
      color: var(--mat-sys-error);
    }
    .tone-wait .item-icon,
    .tone-idle .item-icon {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class AgentStatusBarComponent {
  protected readonly agent = inject(DeskAgentService);
  private readonly dialog = inject(MatDialog);

  private readonly agentItem = computed<StatusItem>(() => {
    switch (this.agent.state()) {
      case 'not_running':
        return { tone: 'warn', icon: 'power_off', key: 'desk.status.agent_not_running', fixKey: 'desk.status.fix_not_running' };
      case 'connecting':
        return { tone: 'wait', icon: 'hourglass_top', key: 'desk.status.agent_connecting' };
      case 'version_mismatch':
        return {
          tone: 'warn',
          icon: 'error',
          key: 'desk.status.agent_version_mismatch',
          fixKey: 'desk.status.fix_version_mismatch',
          fixParams: { protocol: this.agent.protocolVersion },
        };
      case 'unpaired':
        return { tone: 'warn', icon: 'link_off', key: 'desk.status.agent_unpaired', fixKey: 'desk.status.fix_unpaired' };
      case 'paired':
        return { tone: 'ok', icon: 'check_circle', key: 'desk.status.agent_paired', params: { version: this.agent.agentVersion() ?? '?' } };
    }
  });

  private readonly readerItem = computed<StatusItem>(() => {
    const readers = this.agent.readers();
    if (this.agent.state() !== 'paired') {
      return { tone: 'idle', icon: 'help', key: 'desk.status.unknown' };
    }
    switch (this.agent.pcscd()) {
      case null:
        return { tone: 'wait', icon: 'hourglass_top', key: 'desk.status.waiting' };
      case 'unavailable':
        return { tone: 'warn', icon: 'error', key: 'desk.status.reader_service_down', fixKey: 'desk.status.fix_service_down' };
      default:
        return readers.length === 0
          ? { tone: 'warn', icon: 'usb_off', key: 'desk.status.reader_none', fixKey: 'desk.status.fix_reader_none' }
          : { tone: 'ok', icon: 'check_circle', key: 'desk.status.reader_present', params: { name: readers.map((r) => r.name).join(', ') } };
    }
  });

  private readonly cardItem = computed<StatusItem>(() => {
    if (this.agent.state() !== 'paired' || this.agent.pcscd() !== 'ok' || this.agent.readers().length === 0) {
      return { tone: 'idle', icon: 'help', key: 'desk.status.unknown' };
    }
    switch (this.agent.cardState()) {
      case 'beid':
        return { tone: 'ok', icon: 'badge', key: 'desk.status.card_beid' };
      case 'unknown_card':
        return { tone: 'warn', icon: 'credit_card_off', key: 'desk.status.card_unknown', fixKey: 'desk.status.fix_card_unknown' };
      case 'present':
        return { tone: 'wait', icon: 'hourglass_top', key: 'desk.status.card_present', fixKey: 'desk.status.fix_card_present' };
      default:
        return { tone: 'idle', icon: 'credit_card', key: 'desk.status.card_absent', fixKey: 'desk.status.fix_card_absent' };
    }
  });

  protected readonly entries = computed(() => [
    { id: 'agent', labelKey: 'desk.status.agent', state: this.agent.state(), item: this.agentItem() },
    { id: 'reader', labelKey: 'desk.status.reader', state: this.readerItem().tone, item: this.readerItem() },
    { id: 'card', labelKey: 'desk.status.card', state: this.agent.cardState(), item: this.cardItem() },
  ]);

  protected pair(): void {
    this.dialog.open(PairAgentDialogComponent, { width: '440px', maxWidth: '95vw' });
  }
}
