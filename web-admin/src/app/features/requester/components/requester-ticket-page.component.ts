import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { catchError, filter, finalize, map, of, switchMap } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { toApiError } from '../../../core/http/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../../core/ui/confirm-dialog.component';
import { RequesterApiService } from '../services/requester-api.service';
import { formatNiss, pageFailureOf } from '../services/requester-format';
import { TicketDetail } from '../services/requester.models';
import { RequestSummaryComponent } from './request-summary.component';
import { TicketStatusComponent } from './ticket-status.component';

/** `/requester/tickets/:id`: one request in detail, its history, delete (seed §4.4–4.5). */
@Component({
  selector: 'app-requester-ticket-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatIconModule, MatProgressBarModule, TranslatePipe, LocalDateTimePipe, TicketStatusComponent, RequestSummaryComponent],
  template: `
    <p class="eyebrow">
      <a routerLink="/requester">{{ 'requester.back_to_overview' | translate }}</a>
    </p>
    @if (signedOut()) {
      <h1>{{ 'requester.signed_out.title' | translate }}</h1>
      <p>{{ 'requester.signed_out.text' | translate }}</p>
      <p><a mat-flat-button routerLink="/citizen/login">{{ 'requester.signed_out.login' | translate }}</a></p>
    }
    <div aria-live="assertive">
      @if (error(); as message) {
        <div class="inline-error">
          <mat-icon aria-hidden="true">error</mat-icon>
          <span role="alert">{{ message }}</span>
        </div>
      }
    </div>
    @if (loading() || busy()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | translate" />
    }
    @if (ticket(); as ticket) {
      <div class="page-header">
        <h1>{{ 'requester.detail.title' | translate: { number: ticket.number } }}</h1>
        <app-ticket-status [display]="ticket.display" [withLabel]="true" />
      </div>
      <dl class="summary">
        <dt>{{ 'requester.detail.number' | translate }}</dt>
        <dd>{{ ticket.number }}</dd>
        <dt>{{ 'requester.detail.submitted_at' | translate }}</dt>
        <dd>{{ ticket.submittedAt | localDateTime }}</dd>
        @if (ticket.decidedAt) {
          <dt>{{ 'requester.detail.decided_at' | translate }}</dt>
          <dd>{{ ticket.decidedAt | localDateTime }}</dd>
        }
        @if (ticket.display === 'identified') {
          <dt>{{ 'requester.overview.niss' | translate }}</dt>
          <dd class="niss">{{ formatNiss(ticket.niss) }}</dd>
        }
        @if (ticket.failureReason) {
          <dt>{{ 'requester.detail.failure_reason' | translate }}</dt>
          <dd>{{ ticket.failureReason }}</dd>
        }
      </dl>
      @if (ticket.status === 'action_required') {
        <div class="notification">
          <div class="notification-text">
            <strong>{{ 'requester.overview.action_awaited' | translate }}</strong>
            <p>
              {{ 'requester.reasons.' + (ticket.actionReason ?? 'other') | translate }}
              @if (ticket.actionText) {
                — {{ ticket.actionText }}
              }
            </p>
          </div>
          <a mat-flat-button [routerLink]="['/requester/tickets', ticket.id, 'reupload']">
            <mat-icon>upload_file</mat-icon>
            {{ 'requester.overview.upload_new' | translate }}
          </a>
        </div>
      }

      <section aria-labelledby="summary-title">
        <h2 id="summary-title">{{ 'requester.detail.summary' | translate }}</h2>
        <app-request-summary [data]="ticket.data" />
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{{ 'requester.detail.history' | translate }}</h2>
        <ol class="history">
          @for (event of ticket.history; track $index) {
            <li>
              <time [attr.datetime]="event.at">{{ event.at | localDateTime }}</time> —
              {{ eventLabel(event.action) }}
              ({{ 'requester.actors.' + event.actorKind | translate }})
            </li>
          }
        </ol>
      </section>

      @if (ticket.deletable) {
        <div class="actions">
          <span></span>
          <button mat-stroked-button type="button" (click)="confirmDelete(ticket)" [disabled]="busy()">
            <mat-icon>delete</mat-icon>
            {{ 'requester.detail.delete' | translate }}
          </button>
        </div>
      }
    }
  `,
  styleUrl: './requester.scss',
})
export class RequesterTicketPageComponent implements OnInit {
  private readonly api = inject(RequesterApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  private readonly language = inject(LanguageService);

  protected readonly ticket = signal<TicketDetail | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly signedOut = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly formatNiss = formatNiss;

  ngOnInit(): void {
    this.route.paramMap
      .pipe(
        map((params) => params.get('id') ?? ''),
        switchMap((id) => {
          this.loading.set(true);
          this.ticket.set(null);
          this.error.set(null);
          return this.api.ticket(id).pipe(
            catchError((error: unknown) => {
              const failure = pageFailureOf(error, (apiError) => this.notifier.messageFor(apiError));
              this.signedOut.set(failure.signedOut);
              this.error.set(failure.message);
              return of(null);
            }),
            finalize(() => this.loading.set(false)),
          );
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((ticket) => this.ticket.set(ticket));
  }

  /** The event's name in the current language; an action this page does not know yet is shown as is. */
  protected eventLabel(action: string): string {
    const key = `requester.events.${action}`;
    const label = this.language.instant(key);
    return label === key ? action : label;
  }

  protected confirmDelete(ticket: TicketDetail): void {
    const data: ConfirmDialogData = {
      titleKey: 'requester.detail.delete_title',
      messageKey: 'requester.detail.delete_message',
      confirmKey: 'requester.detail.delete_confirm',
      params: { number: ticket.number },
    };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        switchMap(() => {
          this.busy.set(true);
          this.error.set(null);
          return this.api.delete(ticket.id).pipe(finalize(() => this.busy.set(false)));
        }),
      )
      .subscribe({
        next: () => {
          this.notifier.info('requester.detail.deleted', { number: ticket.number });
          void this.router.navigate(['/requester']);
        },
        error: (error: unknown) => {
          const apiError = toApiError(error);
          this.signedOut.set(apiError.status === 401);
          this.error.set(apiError.status === 401 ? null : this.notifier.messageFor(apiError));
        },
      });
  }
}
