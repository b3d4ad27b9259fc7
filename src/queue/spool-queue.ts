/**
 * Embedded-mode queue: an fsync'd append-only spool in `<dataDir>/spool/`.
 *
 * - Group commit: enqueues that arrive while a write is in flight join the next batch, which is
 *   one `writev` + one `fdatasync` for all of them. `enqueue` resolves only after that fdatasync.
 * - Segment files (64 MiB by default) hold CRC-framed records; a torn tail (crash mid-write, never
 *   acknowledged to any client) is cut off on open.
 * - Consumers read records in order. Acks may arrive out of order: the commit position advances
 *   over the acked prefix, and acked records past it are listed in commit.json (written atomically
 *   on every ack call), so a restart redelivers exactly the unacked ones. Fully acked segments
 *   are deleted.
 * - A delivery not acked within `visibilityTimeoutMs` is delivered again (attempts + 1).
 */
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { decodeMessage, encodeMessage } from './message-codec.js';
import {
  acquireSpoolLock,
  frameRecord,
  fsyncDir,
  gposOf,
  listSegments,
  offsetOf,
  RECORD_HEADER,
  readCommitState,
  SegmentReader,
  scanSegment,
  segmentName,
  seqOf,
  writeCommitState,
} from './spool-files.js';
import { type Delivery, type IngestMessage, type Queue, QueueFullError } from './types.js';

export interface SpoolQueueOptions {
  dir: string;
  /** A segment is closed and a new one started once it grows past this size. */
  segmentBytes?: number;
  /** Unacked deliveries older than this are delivered again. */
  visibilityTimeoutMs?: number;
  /**
   * Most bytes the spool's segment files may hold (acked segments are deleted): past it, enqueue
   * rejects with QueueFullError instead of filling the disk while the pipeline is behind.
   */
  maxBytes?: number;
}

/**
 * Batches up to this size are written synchronously (a page-cache copy, tens of µs) so that a
 * commit costs one thread-pool round trip (the fdatasync), not two; bigger ones write async.
 */
const SYNC_WRITE_BYTES = 1024 * 1024;

/** Batches writing/syncing at once. */
const MAX_INFLIGHT = 2;

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

interface Outstanding {
  gpos: number;
  end: number;
  attempts: number;
  deliveredAt: number;
}

export class SpoolQueue implements Queue {
  private pending: Buffer[] = [];
  private pendingWaiters: Waiter[] = [];
  private flushScheduled = false;
  private inflight = 0;
  private lastDone: Promise<boolean> = Promise.resolve(true);
  private failed = false;
  private idleWaiters: Array<() => void> = [];
  private appendPos = 0;
  private readonly sizes = new Map<number, number>();
  private readonly readers = new Map<number, SegmentReader>();
  private outstanding: Outstanding[] = [];
  private head = 0;
  private readonly byPos = new Map<number, Outstanding>();
  private readonly acked = new Set<number>();
  private receiveChain: Promise<unknown> = Promise.resolve();
  private dataWaiters: Array<() => void> = [];
  private persisting: Promise<void> | null = null;
  private closed = false;
  private maxBytes = Number.POSITIVE_INFINITY;

  private constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
    private readonly visibilityTimeoutMs: number,
    private readonly releaseLock: () => void,
    private writeSeq: number,
    private writeFh: FileHandle,
    private writePos: number,
    private readPos: number,
    private commitPos: number,
    private deliveredPos: number,
    private readonly restartDelivered: number,
    private readonly skip: Set<number>,
    private count: number,
  ) {}

  static async open(opts: SpoolQueueOptions): Promise<SpoolQueue> {
    const dir = opts.dir;
    await fsp.mkdir(dir, { recursive: true });
    const release = acquireSpoolLock(dir);
    try {
      const state = readCommitState(dir) ?? { commit: gposOf(1, 0), acked: [], delivered: gposOf(1, 0) };
      const skip = new Set(state.acked.filter((p) => p >= state.commit));
      let seqs = await listSegments(dir);
      for (const seq of seqs.filter((s) => s < seqOf(state.commit))) await fsp.rm(path.join(dir, segmentName(seq)));
      seqs = seqs.filter((s) => s >= seqOf(state.commit));
      if (seqs.length === 0) {
        const first = Math.max(1, seqOf(state.commit));
        await (await fsp.open(path.join(dir, segmentName(first)), 'a')).close();
        await fsyncDir(dir);
        seqs = [first];
      }
      const sizes = new Map<number, number>();
      let count = 0;
      const last = seqs[seqs.length - 1]!;
      for (const seq of seqs) {
        const from = seq === seqOf(state.commit) ? offsetOf(state.commit) : 0;
        const scan = await scanSegment(path.join(dir, segmentName(seq)), from, seq === last);
        sizes.set(seq, scan.validEnd);
        for (const off of scan.offsets) if (!skip.has(gposOf(seq, off))) count++;
      }
      const writeFh = await fsp.open(path.join(dir, segmentName(last)), 'r+');
      const writePos = sizes.get(last)!;
      if ((await writeFh.stat()).size !== writePos) {
        await writeFh.truncate(writePos);
        await writeFh.datasync();
      }
      const readPos = Math.max(state.commit, gposOf(seqs[0]!, 0));
      const segBytes = opts.segmentBytes ?? 64 * 1024 * 1024;
      const q = new SpoolQueue(
        dir,
        segBytes,
        opts.visibilityTimeoutMs ?? 5 * 60_000,
        release,
        last,
        writeFh,
        writePos,
        readPos,
        readPos,
        state.delivered,
        state.delivered,
        skip,
        count,
      );
      for (const [seq, size] of sizes) q.sizes.set(seq, size);
      if (opts.maxBytes !== undefined && opts.maxBytes > 0) q.maxBytes = opts.maxBytes;
      q.appendPos = writePos;
      if (writePos >= segBytes) await q.rotate();
      return q;
    } catch (err) {
      release();
      throw err;
    }
  }

  enqueue(messages: IngestMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('queue is closed'));
    if (messages.length === 0) return Promise.resolve();
    const records = messages.map((m) => frameRecord(encodeMessage(m, RECORD_HEADER)));
    if (this.maxBytes !== Number.POSITIVE_INFINITY) {
      let incoming = 0;
      for (const r of records) incoming += r.length;
      if (this.diskBytes() + incoming > this.maxBytes) {
        return Promise.reject(
          new QueueFullError(`the spool holds ${this.diskBytes()} bytes, its cap is ${this.maxBytes}`),
        );
      }
    }
    for (const r of records) this.pending.push(r);
    const done = new Promise<void>((resolve, reject) => this.pendingWaiters.push({ resolve, reject }));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.startFlush());
    }
    return done;
  }

  /**
   * Starts batch commits: up to MAX_INFLIGHT batches write and fdatasync at once (an fsync's
   * latency, not CPU, bounds a single-flight group commit). Offsets are reserved in order and
   * batches complete in order, so the durable end only ever moves over fully synced bytes.
   */
  private startFlush(): void {
    this.flushScheduled = false;
    while (this.pending.length > 0 && this.inflight < MAX_INFLIGHT) {
      if (this.inflight > 0 && (this.failed || this.appendPos >= this.segmentBytes)) return;
      if (this.failed) {
        // Everything after the failed batch was rejected: overwrite from the durable end.
        this.appendPos = this.writePos;
        this.failed = false;
        this.lastDone = Promise.resolve(true);
      }
      if (this.appendPos >= this.segmentBytes) {
        this.inflight++;
        this.lastDone = this.rotate().then(
          () => true,
          (err) => {
            // Cannot start a new segment (disk full?): fail what waits, keep the queue usable.
            for (const w of this.pendingWaiters.splice(0)) w.reject(err);
            this.pending = [];
            return true;
          },
        );
        void this.lastDone.then(() => this.settled());
        return;
      }
      const batch = this.pending;
      const waiters = this.pendingWaiters;
      this.pending = [];
      this.pendingWaiters = [];
      let total = 0;
      for (const b of batch) total += b.length;
      const pos = this.appendPos;
      this.appendPos += total;
      this.inflight++;
      this.lastDone = this.commitBatch(batch, waiters, pos, total, this.lastDone);
      void this.lastDone.then(() => this.settled());
    }
  }

  private settled(): void {
    this.inflight--;
    if (this.pending.length > 0) this.startFlush();
    if (this.inflight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private async commitBatch(
    batch: Buffer[],
    waiters: Waiter[],
    pos: number,
    total: number,
    previous: Promise<boolean>,
  ): Promise<boolean> {
    let error: unknown = null;
    try {
      let written = 0;
      while (written < total) {
        const rest = written === 0 ? batch : [Buffer.concat(batch).subarray(written)];
        const bytesWritten =
          total <= SYNC_WRITE_BYTES
            ? fs.writevSync(this.writeFh.fd, rest, pos + written)
            : (await this.writeFh.writev(rest, pos + written)).bytesWritten;
        if (bytesWritten <= 0) throw new Error('spool write made no progress');
        written += bytesWritten;
      }
      await this.writeFh.datasync();
    } catch (err) {
      error = err;
    }
    const previousOk = await previous;
    if (!error && !previousOk) error = new Error('an earlier spool write failed');
    if (error) {
      this.failed = true;
      for (const w of waiters) w.reject(error);
      return false;
    }
    this.writePos = pos + total;
    this.sizes.set(this.writeSeq, this.writePos);
    this.readers.get(this.writeSeq)?.invalidate();
    this.count += batch.length;
    for (const w of waiters) w.resolve();
    const waiting = this.dataWaiters;
    this.dataWaiters = [];
    for (const wake of waiting) wake();
    return true;
  }

  private async rotate(): Promise<void> {
    const next = this.writeSeq + 1;
    const fh = await fsp.open(path.join(this.dir, segmentName(next)), 'wx');
    await fsyncDir(this.dir);
    await this.writeFh.close();
    this.writeFh = fh;
    this.writeSeq = next;
    this.writePos = 0;
    this.appendPos = 0;
    this.sizes.set(next, 0);
  }

  receive(_consumer: string, max: number, waitMs: number): Promise<Delivery[]> {
    const run = this.receiveChain.then(() => this.receiveNow(Math.max(1, max), waitMs));
    this.receiveChain = run.catch(() => {});
    return run;
  }

  private async receiveNow(max: number, waitMs: number): Promise<Delivery[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const out = await this.collect(max);
      if (out.length > 0 || this.closed || Date.now() >= deadline) return out;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        this.dataWaiters.push(wake);
      });
    }
  }

  private async collect(max: number): Promise<Delivery[]> {
    const out: Delivery[] = [];
    const now = Date.now();
    const stale = now - this.visibilityTimeoutMs;
    const scanEnd = Math.min(this.outstanding.length, this.head + 1000);
    for (let i = this.head; i < scanEnd && out.length < max; i++) {
      const o = this.outstanding[i]!;
      if (o.deliveredAt > stale || this.acked.has(o.gpos)) continue;
      const payload = await this.readRecord(o.gpos);
      if (!payload) continue;
      o.attempts++;
      o.deliveredAt = now;
      out.push({ id: String(o.gpos), message: decodeMessage(Buffer.from(payload)), attempts: o.attempts });
    }
    while (out.length < max && !this.closed) {
      const seq = seqOf(this.readPos);
      const size = this.sizes.get(seq);
      if (size === undefined) break;
      if (offsetOf(this.readPos) >= size) {
        if (seq >= this.writeSeq || !this.sizes.has(seq + 1)) break;
        this.readPos = gposOf(seq + 1, 0);
        continue;
      }
      const gpos = this.readPos;
      const payload = await this.readRecord(gpos);
      if (!payload) break;
      const end = gpos + RECORD_HEADER + payload.length;
      this.readPos = end;
      if (end > this.deliveredPos) this.deliveredPos = end;
      const entry: Outstanding = { gpos, end, attempts: gpos < this.restartDelivered ? 1 : 0, deliveredAt: now };
      this.outstanding.push(entry);
      this.byPos.set(gpos, entry);
      if (this.skip.delete(gpos)) {
        this.acked.add(gpos);
        continue;
      }
      let message: IngestMessage;
      try {
        message = decodeMessage(Buffer.from(payload));
      } catch {
        // CRC-valid but undecodable (written by a newer version?): nothing can process it.
        this.acked.add(gpos);
        this.count--;
        continue;
      }
      out.push({ id: String(gpos), message, attempts: entry.attempts });
    }
    if (this.acked.size > 0) this.advanceCommit();
    return out;
  }

  private async readRecord(gpos: number): Promise<Buffer | null> {
    const seq = seqOf(gpos);
    let reader = this.readers.get(seq);
    if (!reader) {
      reader = await SegmentReader.open(path.join(this.dir, segmentName(seq)));
      this.readers.set(seq, reader);
    }
    const head = await reader.read(offsetOf(gpos), RECORD_HEADER);
    if (head.length < RECORD_HEADER) return null;
    const len = head.readUInt32LE(0);
    const payload = await reader.read(offsetOf(gpos) + RECORD_HEADER, len);
    return payload.length === len ? payload : null;
  }

  async ack(deliveries: readonly Delivery[]): Promise<void> {
    let changed = false;
    for (const d of deliveries) {
      const gpos = Number(d.id);
      if (!this.byPos.has(gpos) || this.acked.has(gpos)) continue;
      this.acked.add(gpos);
      this.count--;
      changed = true;
    }
    if (!changed) return;
    this.advanceCommit();
    await this.persist();
  }

  private advanceCommit(): void {
    while (this.head < this.outstanding.length && this.acked.has(this.outstanding[this.head]!.gpos)) {
      const o = this.outstanding[this.head++]!;
      this.acked.delete(o.gpos);
      this.byPos.delete(o.gpos);
      this.commitPos = o.end;
    }
    if (this.head === this.outstanding.length) {
      this.outstanding = [];
      this.head = 0;
      this.commitPos = this.readPos;
    } else if (this.head > 4096) {
      this.outstanding = this.outstanding.slice(this.head);
      this.head = 0;
    }
  }

  /** Writes commit.json (coalescing concurrent calls), then deletes fully acked segments. */
  private persist(): Promise<void> {
    if (this.persisting) {
      return this.persisting.then(() => this.persist());
    }
    this.persisting = (async () => {
      const acked = [...this.acked, ...this.skip];
      await writeCommitState(this.dir, { commit: this.commitPos, acked, delivered: this.deliveredPos });
      const commitSeq = seqOf(this.commitPos);
      for (const seq of [...this.sizes.keys()]) {
        if (seq >= commitSeq || seq >= this.writeSeq) continue;
        this.sizes.delete(seq);
        await this.readers.get(seq)?.close();
        this.readers.delete(seq);
        await fsp.rm(path.join(this.dir, segmentName(seq)), { force: true });
      }
    })().finally(() => {
      this.persisting = null;
    });
    return this.persisting;
  }

  async depth(): Promise<number> {
    return this.count;
  }

  /** Bytes in the segment files still on disk, plus what is being or waiting to be written. */
  diskBytes(): number {
    let total = this.appendPos - this.writePos;
    for (const size of this.sizes.values()) total += size;
    for (const r of this.pending) total += r.length;
    return total;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.flushScheduled || this.inflight > 0 || this.pending.length > 0) {
      if (this.inflight === 0) this.startFlush();
      if (this.inflight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
    this.closed = true;
    for (const wake of this.dataWaiters.splice(0)) wake();
    await this.receiveChain;
    await this.persisting;
    if (this.byPos.size > 0 || this.skip.size > 0) await this.persist();
    await this.writeFh.close();
    for (const r of this.readers.values()) await r.close();
    this.readers.clear();
    this.releaseLock();
  }
}

export function openSpoolQueue(opts: SpoolQueueOptions): Promise<SpoolQueue> {
  return SpoolQueue.open(opts);
}
