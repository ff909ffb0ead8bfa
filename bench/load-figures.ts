/** The load bench's figures: latency percentiles and status counts per endpoint, per scenario. */
import { ms, percentile, sortedOf } from './report';
import type { RequestObserver } from './video-clients';

/** `/api/niss/tickets/3f…/claim?x=1` → `/api/niss/tickets/:id/claim`. */
const templated = (path: string) => path.replace(/\?.*$/, '').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id');

interface Series {
  scenario: string;
  phase: string;
  endpoint: string;
  times: number[];
  statuses: Map<number, number>;
}

export class LoadRecorder {
  private readonly series = new Map<string, Series>();

  /** An observer for the clients of a scenario; `phase` (`burst`, `sign-in`, …) is read at each answer. */
  observer(scenario: string, phase: string | (() => string)): RequestObserver {
    return (method, path, status, elapsed) => {
      const current = typeof phase === 'string' ? phase : phase();
      const endpoint = `${method} ${templated(path)}`;
      const key = `${scenario}\u0000${current}\u0000${endpoint}`;
      let entry = this.series.get(key);
      if (!entry) this.series.set(key, (entry = { scenario, phase: current, endpoint, times: [], statuses: new Map() }));
      entry.times.push(elapsed);
      entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
    };
  }

  /** Answers with this status class (5 → 5xx; 0 → no answer) in a scenario, or in all. */
  count(statusClass: number, scenario?: string): number {
    let n = 0;
    for (const entry of this.series.values()) {
      if (scenario && entry.scenario !== scenario) continue;
      for (const [status, count] of entry.statuses) if (Math.floor(status / 100) === statusClass) n += count;
    }
    return n;
  }

  /** One row per scenario, phase and endpoint: n, p50, p95, p99, max (ms), status counts. */
  table(): { header: string[]; rows: string[][] } {
    const rows = [...this.series.values()].map((entry) => {
      const sorted = sortedOf(entry.times);
      const statuses = [...entry.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${n} × ${status === 0 ? 'no answer' : status}`);
      return [entry.scenario, entry.phase, `\`${entry.endpoint}\``, String(sorted.length), ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(percentile(sorted, 99)), ms(sorted.at(-1)!), statuses.join(', ')];
    });
    return { header: ['Scenario', 'Phase', 'Endpoint', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'Statuses'], rows };
  }
}
