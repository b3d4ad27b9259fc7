/**
 * Outcome counting: ingest records what it accepted, filtered, rate limited or rejected (and what
 * SDKs report they discarded) into an in-memory aggregate keyed by project, key, hour, category,
 * outcome and reason; `flush` writes it as one batched upsert, every second and on close.
 */
import type { OutcomeCount, OutcomeKind } from '../storage/index.js';

export type OutcomeSink = (counts: OutcomeCount[]) => Promise<void>;

/** More distinct rows than this in one interval are flushed early; failed flushes retry up to this. */
const MAX_ROWS = 50_000;
const HOUR = 3_600_000;

export class OutcomeRecorder {
  private rows = new Map<string, OutcomeCount>();
  private timer: NodeJS.Timeout | null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly sink: OutcomeSink,
    flushIntervalMs = 1_000,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  record(
    projectId: number,
    keyId: number,
    category: string,
    outcome: OutcomeKind,
    reason: string,
    quantity: number,
    at = Date.now(),
  ): void {
    if (!(quantity > 0)) return;
    const hour = Math.floor(at / HOUR) * HOUR;
    const k = `${projectId}|${keyId}|${hour}|${category}|${outcome}|${reason}`;
    const row = this.rows.get(k);
    if (row) {
      row.quantity += quantity;
      return;
    }
    this.rows.set(k, { projectId, keyId, hour: new Date(hour), category, outcome, reason, quantity });
    if (this.rows.size >= MAX_ROWS) void this.flush();
  }

  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    if (this.rows.size === 0) return Promise.resolve();
    const batch = this.rows;
    this.rows = new Map();
    this.flushing = this.sink([...batch.values()])
      .catch((err) => {
        this.onError(err);
        // Put them back for the next flush (bounded: counts are worth less than memory).
        for (const [k, row] of batch) {
          if (this.rows.size >= MAX_ROWS) break;
          const cur = this.rows.get(k);
          if (cur) cur.quantity += row.quantity;
          else this.rows.set(k, row);
        }
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
