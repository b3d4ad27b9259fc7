/**
 * On-disk pieces of the embedded spool: segment files of CRC-framed records, the commit file and
 * the spool lock. Record framing: u32 LE payload length · u32 LE crc32(payload) · payload.
 * A position ("gpos") is `segment seq * 2^32 + byte offset`, so positions order across segments.
 */
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { ConfigError } from '../shared/errors.js';

export const RECORD_HEADER = 8;
const SEG = 2 ** 32;
const SEGMENT_RE = /^(\d{16})\.seg$/;

export const gposOf = (seq: number, offset: number): number => seq * SEG + offset;
export const seqOf = (gpos: number): number => Math.floor(gpos / SEG);
export const offsetOf = (gpos: number): number => gpos % SEG;
export const segmentName = (seq: number): string => `${String(seq).padStart(16, '0')}.seg`;

export function crc32(buf: Buffer): number {
  return zlib.crc32(buf) >>> 0;
}

/** Frames an encoded message whose first RECORD_HEADER bytes were reserved for this header. */
export function frameRecord(buf: Buffer): Buffer {
  const payload = buf.subarray(RECORD_HEADER);
  buf.writeUInt32LE(payload.length, 0);
  buf.writeUInt32LE(crc32(payload), 4);
  return buf;
}

export async function listSegments(dir: string): Promise<number[]> {
  const names = await fsp.readdir(dir);
  const seqs: number[] = [];
  for (const name of names) {
    const m = SEGMENT_RE.exec(name);
    if (m) seqs.push(Number(m[1]));
  }
  return seqs.sort((a, b) => a - b);
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Positional reads through a 1 MiB window: sequential record reads cost one syscall per window. */
export class SegmentReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  private constructor(private readonly fh: FileHandle) {}

  static async open(file: string): Promise<SegmentReader> {
    return new SegmentReader(await fsp.open(file, 'r'));
  }

  /** Exactly `len` bytes at `pos`, or fewer at end of file. The result may share memory with the window. */
  async read(pos: number, len: number): Promise<Buffer> {
    const wEnd = this.windowStart + this.window.length;
    if (pos >= this.windowStart && pos + len <= wEnd) {
      return this.window.subarray(pos - this.windowStart, pos - this.windowStart + len);
    }
    if (len > 1024 * 1024) {
      const out = Buffer.allocUnsafe(len);
      const { bytesRead } = await this.fh.read(out, 0, len, pos);
      return out.subarray(0, bytesRead);
    }
    const buf = Buffer.allocUnsafe(1024 * 1024);
    const { bytesRead } = await this.fh.read(buf, 0, buf.length, pos);
    this.window = buf.subarray(0, bytesRead);
    this.windowStart = pos;
    return this.window.subarray(0, Math.min(len, bytesRead));
  }

  /** Forgets the window (the file grew or changed). */
  invalidate(): void {
    this.window = Buffer.alloc(0);
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

export interface SegmentScan {
  /** End of the last valid record (the file is cut there on recovery). */
  validEnd: number;
  /** Positions (offsets) of the valid records at or after `from`. */
  offsets: number[];
}

/** Walks the records of one segment from `from`; with `verify`, checks each record's CRC. */
export async function scanSegment(file: string, from: number, verify: boolean): Promise<SegmentScan> {
  const size = (await fsp.stat(file)).size;
  const reader = await SegmentReader.open(file);
  const offsets: number[] = [];
  let pos = from;
  try {
    while (pos + RECORD_HEADER <= size) {
      const head = await reader.read(pos, RECORD_HEADER);
      if (head.length < RECORD_HEADER) break;
      const len = head.readUInt32LE(0);
      const crc = head.readUInt32LE(4);
      // A zero length is a zero-filled (torn) tail, never a record we wrote.
      if (len === 0 || pos + RECORD_HEADER + len > size) break;
      if (verify) {
        const payload = await reader.read(pos + RECORD_HEADER, len);
        if (payload.length < len || crc32(payload) !== crc) break;
      }
      offsets.push(pos);
      pos += RECORD_HEADER + len;
    }
  } finally {
    await reader.close();
  }
  return { validEnd: pos, offsets };
}

export interface CommitState {
  /** Every record before this position is acked. */
  commit: number;
  /** Records after `commit` that are acked too (acks arrive out of order). */
  acked: number[];
  /** End of the furthest record ever delivered: records before it come back with attempts ≥ 1. */
  delivered: number;
}

export function readCommitState(dir: string): CommitState | null {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, 'commit.json'), 'utf8')) as Partial<CommitState>;
    if (typeof raw.commit !== 'number' || !Array.isArray(raw.acked)) return null;
    return {
      commit: raw.commit,
      acked: raw.acked.filter((n): n is number => typeof n === 'number'),
      delivered: typeof raw.delivered === 'number' ? raw.delivered : raw.commit,
    };
  } catch {
    return null;
  }
}

/** Atomic replace: write a temp file, fdatasync it, rename over commit.json. */
export async function writeCommitState(dir: string, state: CommitState): Promise<void> {
  const tmp = path.join(dir, 'commit.json.tmp');
  const fh = await fsp.open(tmp, 'w');
  try {
    await fh.writeFile(JSON.stringify(state));
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, path.join(dir, 'commit.json'));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One process per spool: a lock file with the holder's pid; a dead holder's lock is taken over. */
export function acquireSpoolLock(dir: string): () => void {
  const file = path.join(dir, 'spool.lock');
  for (let i = 0; i < 3; i++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {}
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new ConfigError(
          `the ingest spool in ${dir} is in use by process ${pid}; run one Faultline process per data dir, or set REDIS_URL`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new ConfigError(`cannot lock the ingest spool in ${dir}`);
}
