/**
 * Server-mode queue: a Redis Stream with one consumer group.
 *
 * - enqueue: XADD, auto-pipelined across concurrent requests (one round trip for many enqueues);
 *   a multi-message call is one explicit pipeline. Durability is Redis's: with `appendonly yes`
 *   and `appendfsync always` an acknowledged XADD survives a crash of the Redis host; with
 *   `everysec` up to one second can be lost on power loss (see docs/ingest.md).
 * - receive: first the consumer's own pending history (it crashed and came back under the same
 *   name), then XAUTOCLAIM of entries idle longer than `claimIdleMs` in other consumers, then
 *   XREADGROUP `>` blocking up to `waitMs`. attempts = the entry's delivery count − 1 (XPENDING).
 * - ack: XACK, then (at most once per `trimIntervalMs`) XTRIM MINID below the oldest pending
 *   entry, so acked entries do not accumulate.
 */
import { Redis } from 'ioredis';
import { decodeMessage, encodeMessage } from './message-codec.js';
import type { Delivery, IngestMessage, Queue } from './types.js';

export interface RedisQueueOptions {
  url: string;
  /** Stream key (tests use a unique one). */
  stream?: string;
  group?: string;
  /** Pending entries idle this long in another consumer are claimed (that consumer died). */
  claimIdleMs?: number;
  trimIntervalMs?: number;
}

type Entry = [id: Buffer, fields: Buffer[] | null];

function asEntries(v: unknown): Entry[] {
  return Array.isArray(v) ? (v as Entry[]).filter((e) => Array.isArray(e) && Buffer.isBuffer(e[0])) : [];
}

/** XREADGROUP over one stream: `[[key, entries]]` (RESP2), or `[key, entries]` as some client versions flatten it. */
function streamEntries(reply: unknown): Entry[] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  if (Buffer.isBuffer(reply[0])) return asEntries(reply[1]);
  return Array.isArray(reply[0]) ? asEntries((reply[0] as unknown[])[1]) : [];
}

function fieldValue(fields: Buffer[] | null, name: string): Buffer | null {
  if (!fields) return null;
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i]!.toString() === name) return fields[i + 1]!;
  return null;
}

/** The stream id right after `id` (`ms-seq` + 1), for MINID trimming. */
function nextId(id: string): string {
  const [ms, seq] = id.split('-');
  return `${ms}-${BigInt(seq ?? '0') + 1n}`;
}

export class RedisQueue implements Queue {
  private readonly blocking = new Map<string, Redis>();
  /** Per consumer: where its pending-history scan continues (absent = done). */
  private readonly history = new Map<string, string>();
  private readonly historyStarted = new Set<string>();
  private lastClaimAt = 0;
  private lastTrimAt = 0;
  private closed = false;

  private constructor(
    private readonly client: Redis,
    private readonly stream: string,
    private readonly group: string,
    private readonly claimIdleMs: number,
    private readonly trimIntervalMs: number,
  ) {}

  static async open(opts: RedisQueueOptions): Promise<RedisQueue> {
    const client = new Redis(opts.url, {
      enableAutoPipelining: true,
      maxRetriesPerRequest: 3,
      connectTimeout: 5_000,
      lazyConnect: true,
    });
    client.on('error', () => {
      // Reconnects on its own; commands fail (and ingest answers 503) meanwhile.
    });
    try {
      await client.connect();
    } catch (err) {
      client.disconnect();
      throw err;
    }
    const stream = opts.stream ?? 'faultline:ingest';
    const group = opts.group ?? 'pipeline';
    try {
      await client.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) {
        client.disconnect();
        throw err;
      }
    }
    return new RedisQueue(client, stream, group, opts.claimIdleMs ?? 60_000, opts.trimIntervalMs ?? 1_000);
  }

  async enqueue(messages: IngestMessage[]): Promise<void> {
    if (this.closed) throw new Error('queue is closed');
    if (messages.length === 1) {
      await this.client.xadd(this.stream, '*', 'm', encodeMessage(messages[0]!));
      return;
    }
    const p = this.client.pipeline();
    for (const m of messages) p.xadd(this.stream, '*', 'm', encodeMessage(m));
    const results = (await p.exec()) ?? [];
    for (const [err] of results) if (err) throw err;
  }

  private conn(consumer: string): Redis {
    let c = this.blocking.get(consumer);
    if (!c) {
      c = this.client.duplicate({ enableAutoPipelining: false });
      c.on('error', () => {});
      this.blocking.set(consumer, c);
    }
    return c;
  }

  async receive(consumer: string, max: number, waitMs: number): Promise<Delivery[]> {
    if (this.closed) return [];
    const count = Math.max(1, max);
    const conn = this.conn(consumer);
    let entries: Entry[] = [];
    let redelivered = false;
    if (!this.historyStarted.has(consumer)) {
      this.historyStarted.add(consumer);
      this.history.set(consumer, '0');
    }
    const historyFrom = this.history.get(consumer);
    if (historyFrom !== undefined) {
      const reply = await conn.callBuffer('XREADGROUP', [
        'GROUP',
        this.group,
        consumer,
        'COUNT',
        count,
        'STREAMS',
        this.stream,
        historyFrom,
      ]);
      entries = streamEntries(reply);
      if (entries.length === 0) this.history.delete(consumer);
      else this.history.set(consumer, entries[entries.length - 1]![0].toString());
      redelivered = entries.length > 0;
    }
    if (entries.length === 0 && Date.now() - this.lastClaimAt >= Math.min(1_000, this.claimIdleMs)) {
      this.lastClaimAt = Date.now();
      const reply = (await conn.callBuffer('XAUTOCLAIM', [
        this.stream,
        this.group,
        consumer,
        this.claimIdleMs,
        '0-0',
        'COUNT',
        count,
      ])) as unknown[];
      entries = asEntries(reply?.[1]);
      redelivered = entries.length > 0;
    }
    if (entries.length === 0) {
      const args: (string | number)[] = ['GROUP', this.group, consumer, 'COUNT', count];
      if (waitMs > 0) args.push('BLOCK', waitMs);
      args.push('STREAMS', this.stream, '>');
      const reply = await conn.callBuffer('XREADGROUP', args);
      entries = streamEntries(reply);
    }
    if (entries.length === 0) return [];
    const attempts = redelivered ? await this.deliveryCounts(entries) : null;
    const out: Delivery[] = [];
    const broken: string[] = [];
    for (const [idBuf, fields] of entries) {
      const id = idBuf.toString();
      const raw = fieldValue(fields, 'm');
      if (!raw) {
        broken.push(id);
        continue;
      }
      try {
        out.push({
          id,
          message: decodeMessage(raw),
          attempts: attempts ? Math.max(1, (attempts.get(id) ?? 2) - 1) : 0,
        });
      } catch {
        broken.push(id);
      }
    }
    // Trimmed or undecodable entries can never be processed: ack them away.
    if (broken.length > 0) await this.client.xack(this.stream, this.group, ...broken);
    return out;
  }

  private async deliveryCounts(entries: Entry[]): Promise<Map<string, number>> {
    const ids = entries.map((e) => e[0].toString());
    const reply = (await this.client.xpending(
      this.stream,
      this.group,
      ids[0]!,
      ids[ids.length - 1]!,
      ids.length * 2,
    )) as [string, string, number, number][];
    const counts = new Map<string, number>();
    for (const row of reply ?? []) if (Array.isArray(row)) counts.set(String(row[0]), Number(row[3]));
    return counts;
  }

  async ack(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.client.xack(this.stream, this.group, ...deliveries.map((d) => d.id));
    if (Date.now() - this.lastTrimAt >= this.trimIntervalMs) {
      this.lastTrimAt = Date.now();
      await this.trim();
    }
  }

  /** Deletes every entry older than the oldest pending (or not yet delivered) one. */
  async trim(): Promise<void> {
    const pending = (await this.client.xpending(this.stream, this.group)) as [number, string | null, ...unknown[]];
    let minKeep: string | null = null;
    if (Number(pending?.[0]) > 0 && pending[1]) {
      minKeep = pending[1];
    } else {
      const info = await this.groupInfo();
      if (info?.lastDelivered && info.lastDelivered !== '0-0') minKeep = nextId(info.lastDelivered);
    }
    if (minKeep) await this.client.xtrim(this.stream, 'MINID', minKeep);
  }

  private async groupInfo(): Promise<{ lastDelivered: string; pending: number; lag: number | null } | null> {
    const groups = (await this.client.xinfo('GROUPS', this.stream)) as unknown[][];
    for (const g of groups ?? []) {
      const fields = new Map<string, unknown>();
      for (let i = 0; i + 1 < g.length; i += 2) fields.set(String(g[i]), g[i + 1]);
      if (fields.get('name') !== this.group) continue;
      const lag = fields.get('lag');
      return {
        lastDelivered: String(fields.get('last-delivered-id') ?? '0-0'),
        pending: Number(fields.get('pending') ?? 0),
        lag: lag === null || lag === undefined ? null : Number(lag),
      };
    }
    return null;
  }

  async depth(): Promise<number> {
    const info = await this.groupInfo();
    if (!info) return 0;
    if (info.lag !== null) return info.lag + info.pending;
    return Math.max(info.pending, await this.client.xlen(this.stream));
  }

  /** Deletes the stream (tests). */
  async destroy(): Promise<void> {
    await this.client.del(this.stream);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.blocking.values()) c.disconnect();
    this.blocking.clear();
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

export function openRedisQueue(opts: RedisQueueOptions): Promise<RedisQueue> {
  return RedisQueue.open(opts);
}
