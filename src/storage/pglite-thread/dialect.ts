/**
 * A Kysely dialect that runs PGlite in a worker thread (./worker.mjs). The event-loop thread keeps
 * serving HTTP while SQL executes beside it: on a 2-core machine this roughly doubles what one
 * embedded process can ingest and process at once. Same locking rule as the in-thread dialect:
 * one Kysely connection (lease) at a time, FIFO, so transactions never interleave.
 */
import { Worker } from 'node:worker_threads';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import { PGliteDriverBase, PostgresLikeDialect, toQueryResult } from '../pglite-common.js';

interface Reply {
  id: number;
  ok: boolean;
  error?: Record<string, unknown> & { message: string };
  lease?: number;
  rows?: unknown[];
  affectedRows?: number;
}

/** The thread and its request/response plumbing. */
export class PGliteThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private exited: Error | null = null;

  constructor() {
    this.worker = new Worker(new URL('./worker.mjs', import.meta.url));
    this.worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply);
      else p.reject(Object.assign(new Error(reply.error?.message ?? 'PGlite error'), reply.error));
    });
    const fail = (err: Error) => {
      this.exited = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the PGlite thread exited (code ${code})`)));
  }

  call(msg: Record<string, unknown>): Promise<Reply> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  async open(dir: string): Promise<void> {
    await this.call({ op: 'open', dir });
  }

  async close(): Promise<void> {
    if (!this.exited) await this.call({ op: 'close' });
    await this.worker.terminate();
  }
}

class ThreadConnection implements DatabaseConnection {
  constructor(
    private readonly thread: PGliteThread,
    readonly lease: number,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const res = await this.thread.call({ op: 'query', lease: this.lease, sql: query.sql, params: query.parameters });
    return toQueryResult<R>(query, res.rows ?? [], res.affectedRows);
  }

  // Streaming is emulated by one fetch.
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(query);
  }
}

class ThreadDriver extends PGliteDriverBase {
  constructor(private readonly thread: PGliteThread) {
    super();
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const { lease } = await this.thread.call({ op: 'acquire' });
    return new ThreadConnection(this.thread, lease as number);
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    await this.thread.call({ op: 'release', lease: (conn as ThreadConnection).lease });
  }

  async destroy(): Promise<void> {
    await this.thread.close();
  }
}

export class PGliteThreadDialect extends PostgresLikeDialect {
  constructor(thread: PGliteThread) {
    super(() => new ThreadDriver(thread));
  }
}
