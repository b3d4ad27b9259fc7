/**
 * Binary encoding of an IngestMessage, shared by the spool and the Redis stream. One allocation,
 * one copy of the envelope; no JSON/base64 round trip for megabyte attachments.
 *
 *   u8 version (1) · u32 projectId · u32 keyId · f64 receivedAt
 *   u16 remoteAddr length (0xffff = null) · remoteAddr utf8
 *   u16 userAgent length (0xffff = null) · userAgent utf8
 *   envelope bytes (the rest)
 */
import type { IngestMessage } from './types.js';

const VERSION = 1;
const NULL_LEN = 0xffff;
/** Longest remote address / user agent kept (bytes); longer values are cut. */
export const MAX_META_BYTES = 4096;

export class MessageCorruptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageCorruptError';
  }
}

function metaBytes(value: string | null): Buffer | null {
  if (value === null) return null;
  const buf = Buffer.from(value, 'utf8');
  return buf.length > MAX_META_BYTES ? buf.subarray(0, MAX_META_BYTES) : buf;
}

/** Encodes a message; `reserve` bytes are left zeroed at the front for the caller's framing. */
export function encodeMessage(msg: IngestMessage, reserve = 0): Buffer {
  const addr = metaBytes(msg.remoteAddr);
  const ua = metaBytes(msg.userAgent);
  const size = reserve + 1 + 4 + 4 + 8 + 2 + (addr?.length ?? 0) + 2 + (ua?.length ?? 0) + msg.envelope.length;
  const out = Buffer.allocUnsafe(size);
  out.fill(0, 0, reserve);
  let o = reserve;
  o = out.writeUInt8(VERSION, o);
  o = out.writeUInt32LE(msg.projectId >>> 0, o);
  o = out.writeUInt32LE(msg.keyId >>> 0, o);
  o = out.writeDoubleLE(msg.receivedAt, o);
  o = out.writeUInt16LE(addr ? addr.length : NULL_LEN, o);
  if (addr) o += addr.copy(out, o);
  o = out.writeUInt16LE(ua ? ua.length : NULL_LEN, o);
  if (ua) o += ua.copy(out, o);
  msg.envelope.copy(out, o);
  return out;
}

/** Decodes a message. The returned envelope is a view into `buf` (no copy). */
export function decodeMessage(buf: Buffer): IngestMessage {
  if (buf.length < 21) throw new MessageCorruptError('message too short');
  if (buf.readUInt8(0) !== VERSION) throw new MessageCorruptError(`unknown message version ${buf.readUInt8(0)}`);
  let o = 1;
  const projectId = buf.readUInt32LE(o);
  o += 4;
  const keyId = buf.readUInt32LE(o);
  o += 4;
  const receivedAt = buf.readDoubleLE(o);
  o += 8;
  const readMeta = (): string | null => {
    if (o + 2 > buf.length) throw new MessageCorruptError('message truncated');
    const len = buf.readUInt16LE(o);
    o += 2;
    if (len === NULL_LEN) return null;
    if (o + len > buf.length) throw new MessageCorruptError('message truncated');
    const s = buf.toString('utf8', o, o + len);
    o += len;
    return s;
  };
  const remoteAddr = readMeta();
  const userAgent = readMeta();
  return { v: 1, projectId, keyId, receivedAt, remoteAddr, userAgent, envelope: buf.subarray(o) };
}
