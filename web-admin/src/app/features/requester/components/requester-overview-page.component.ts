import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { finalize } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { RequesterApiService } from '../services/requester-api.service';
import { formatNiss, pageFailureOf } from '../services/requester-format';
import { RequesterMe, Ticket, TicketList, TicketScope } from '../services/requester.models';
import { TicketStatusComponent } from './ticket-status.component';

export const OVERVIEW_PAGE_SIZE = 20;

/** `/requester`: the organisation, the new notifications, then the requests in order (seed §4.1). */
@Component({
  selector: 'app-requester-overview-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatCardModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressBarModule,
    TranslatePipe,
    LocalDateTimePipe,
    TicketStatusComponent,
  ],
  templateUrl: './requester-overview-page.component.html',
  styleUrl: './requester.scss',
})
export class RequesterOverviewPageComponent implements OnInit {
  private readonly api = inject(RequesterApiService);
  private readonly notifier = inject(ErrorNotifier);

  protected readonly me = signal<RequesterMe | null>(null);
  protected readonly list = signal<TicketList | null>(null);
  protected readonly scope = signal<TicketScope>('organisation');
  protected readonly page = signal(1);
  protected readonly loading = signal(true);
  protected readonly signedOut = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly pageSize = OVERVIEW_PAGE_SIZE;
  protected readonly formatNiss = formatNiss;

  ngOnInit(): void {
    this.api.me().subscribe({
      next: (me) => {
        this.me.set(me);
        this.load();
      },
      error: (error: unknown) => {
        this.fail(error);
        this.loading.set(false);
      },
    });
  }

  protected changeScope(scope: TicketScope): void {
    this.scope.set(scope);
    this.page.set(1);
    this.load();
  }

  protected changePage(event: PageEvent): void {
    this.page.set(event.pageIndex + 1);
    this.load();
  }

  protected isAnswer(ticket: Ticket): boolean {
    return ticket.display !== 'action_required';
  }

  private load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .tickets(this.scope(), this.page(), this.pageSize)
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (list) => this.list.set(list),
        error: (error: unknown) => this.fail(error),
      });
  }

  private fail(error: unknown): void {
    const failure = pageFailureOf(error, (apiError) => this.notifier.messageFor(apiError));
    this.signedOut.set(failure.signedOut);
    this.error.set(failure.message);
  }
}
