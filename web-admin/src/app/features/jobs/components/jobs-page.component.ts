import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { TranslatePipe } from '@ngx-translate/core';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { FAILED_JOBS_PAGE_SIZE, FailedJob } from '../services/jobs.models';
import { JobsStore } from '../services/jobs.store';

/** Background queues: counts per queue, failed jobs of a queue, retry. */
@Component({
  selector: 'app-jobs-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatTableModule,
    MatPaginatorModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslatePipe,
    LocalDateTimePipe,
  ],
  providers: [JobsStore],
  templateUrl: './jobs-page.component.html',
  styleUrl: './jobs-page.component.scss',
})
export class JobsPageComponent implements OnInit {
  protected readonly store = inject(JobsStore);
  private readonly notifier = inject(ErrorNotifier);

  protected readonly queueColumns = ['name', 'waiting', 'active', 'delayed', 'failed', 'completed', 'actions'];
  protected readonly failedColumns = ['id', 'name', 'failedReason', 'attemptsMade', 'timestamp', 'finishedOn', 'actions'];
  protected readonly pageSize = FAILED_JOBS_PAGE_SIZE;

  ngOnInit(): void {
    this.store.loadQueues();
  }

  protected failedPage(event: PageEvent): void {
    this.store.goToFailedPage(event.pageIndex + 1);
  }

  protected retry(job: FailedJob): void {
    this.store.retry(job).subscribe({
      next: () => this.notifier.info('jobs.retried', { id: job.id }),
      error: (error: unknown) => this.notifier.show(error),
    });
  }
}
