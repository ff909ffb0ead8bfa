import { inject, Injectable, signal } from '@angular/core';
import { finalize, Observable, Subscription, tap } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { JobsApiService } from './jobs-api.service';
import { FailedJob, QueueCounts } from './jobs.models';

/** Queue counts and the failed jobs of the selected queue. One per page instance. */
@Injectable()
export class JobsStore {
  private readonly api = inject(JobsApiService);
  private readonly notifier = inject(ErrorNotifier);
  private failedRequest: Subscription | null = null;

  readonly queues = signal<readonly QueueCounts[]>([]);
  readonly loadingQueues = signal(false);
  readonly selectedQueue = signal<string | null>(null);
  readonly failedJobs = signal<readonly FailedJob[]>([]);
  readonly failedTotal = signal(0);
  readonly failedPage = signal(1);
  readonly loadingFailed = signal(false);
  readonly retrying = signal<ReadonlySet<string>>(new Set());

  loadQueues(): void {
    this.loadingQueues.set(true);
    this.api
      .queues()
      .pipe(finalize(() => this.loadingQueues.set(false)))
      .subscribe({
        next: (queues) => this.queues.set(queues),
        error: (error: unknown) => this.notifier.show(error),
      });
  }

  selectQueue(queue: string): void {
    this.selectedQueue.set(queue);
    this.failedPage.set(1);
    this.loadFailed();
  }

  goToFailedPage(page: number): void {
    this.failedPage.set(page);
    this.loadFailed();
  }

  refresh(): void {
    this.loadQueues();
    if (this.selectedQueue()) {
      this.loadFailed();
    }
  }

  retry(job: FailedJob): Observable<void> {
    const queue = this.selectedQueue();
    if (!queue) {
      throw new Error('No queue selected');
    }
    this.retrying.update((ids) => new Set(ids).add(job.id));
    return this.api.retry(queue, job.id).pipe(
      tap(() => this.refresh()),
      finalize(() =>
        this.retrying.update((ids) => {
          const next = new Set(ids);
          next.delete(job.id);
          return next;
        }),
      ),
    );
  }

  private loadFailed(): void {
    const queue = this.selectedQueue();
    if (!queue) {
      return;
    }
    this.failedRequest?.unsubscribe();
    this.loadingFailed.set(true);
    this.failedRequest = this.api
      .failed(queue, this.failedPage())
      .pipe(finalize(() => this.loadingFailed.set(false)))
      .subscribe({
        next: (page) => {
          this.failedJobs.set(page.items);
          this.failedTotal.set(page.total);
        },
        error: (error: unknown) => this.notifier.show(error),
      });
  }
}
