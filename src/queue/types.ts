/**
 * The queue boundary, typed in one place: what ingest enqueues and the pipeline consumes.
 *
 * Ingest enqueues one message per accepted envelope (a `store` request is turned into a
 * one-item envelope first). The pipeline splits it into items. Implementations: a durable spool
 * in the data dir (embedded mode) and Redis Streams with a consumer group (server mode); both
 * pass the same contract suite.
 */

/** One accepted envelope, as the pipeline needs it. */
export interface IngestMessage {
  /** Format version of this message. */
  v: 1;
  projectId: number;
  /** project_keys.id of the DSN key the SDK used. */
  keyId: number;
  /** Milliseconds since the epoch when ingest accepted it (for clock-drift correction with `sent_at`). */
  receivedAt: number;
  /** The client's address (for `{{auto}}` user IPs), or null. */
  remoteAddr: string | null;
  /** The User-Agent header of the request (user-agent contexts for browser events), or null. */
  userAgent: string | null;
  /** The decompressed envelope bytes exactly as accepted (header line, items). */
  envelope: Buffer;
}

/** A message handed to a consumer; `ack` it only after its effects are committed. */
export interface Delivery {
  /** Queue-specific id (spool offset, stream entry id). */
  id: string;
  message: IngestMessage;
  /** How many times this message has been delivered before (0 on first delivery). */
  attempts: number;
}

export interface Queue {
  /** Resolves once every message is durable (survives kill -9). Batches share one commit/fsync. */
  enqueue(messages: IngestMessage[]): Promise<void>;
  /** Up to `max` messages; waits up to `waitMs` when none is ready. Unacked deliveries come back after a crash. */
  receive(consumer: string, max: number, waitMs: number): Promise<Delivery[]>;
  /** Marks deliveries done; they are never delivered again. */
  ack(deliveries: readonly Delivery[]): Promise<void>;
  /** Messages enqueued and not yet acked (approximate in server mode). */
  depth(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The queue cannot take more now (the embedded spool reached its size cap because the pipeline
 * is behind). Nothing was enqueued; the caller should answer "retry later".
 */
export class QueueFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueFullError';
  }
}
