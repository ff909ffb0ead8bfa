export interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface QueuesResponse {
  queues: QueueCounts[];
}

export interface FailedJob {
  id: string;
  name: string;
  failedReason: string | null;
  attemptsMade: number;
  /** Epoch milliseconds the job was created. */
  timestamp: number | null;
  /** Epoch milliseconds of the last failure. */
  finishedOn: number | null;
}

export interface FailedJobsPage {
  items: FailedJob[];
  total: number;
}

/** Page size of `GET /api/admin/jobs/:queue/failed` (the API does not take one). */
export const FAILED_JOBS_PAGE_SIZE = 25;
