/**
 * Content-Encoding: gzip, deflate (zlib-wrapped or raw), br; identity, empty and `UTF-8` (old
 * Ruby/Android SDKs) mean none. zstd is not in Node 20's zlib → 415. Output is bounded with
 * `maxOutputLength`: a zip bomb stops at the limit (413) instead of being inflated.
 * Spec: https://develop.sentry.dev/sdk/foundations/transport/compression/ (docs/sentry-protocol.md §2.2).
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { AppError } from '../shared/errors.js';

type Codec = 'gzip' | 'deflate' | 'br';

const SYNC_BELOW = 256 * 1024;
const gunzipAsync = promisify(zlib.gunzip);
const inflateAsync = promisify(zlib.inflate);
const inflateRawAsync = promisify(zlib.inflateRaw);
const brotliAsync = promisify(zlib.brotliDecompress);

function codecsOf(header: string | string[] | undefined): Codec[] {
  if (header === undefined) return [];
  const raw = Array.isArray(header) ? header.join(',') : header;
  const out: Codec[] = [];
  for (const part of raw.split(',')) {
    const name = part.trim().toLowerCase();
    if (name === '' || name === 'identity' || name === 'utf-8' || name === 'utf8') continue;
    if (name === 'gzip' || name === 'x-gzip') out.push('gzip');
    else if (name === 'deflate') out.push('deflate');
    else if (name === 'br') out.push('br');
    else if (name === 'zstd') {
      throw new AppError('unsupported_media_type', 'Content-Encoding zstd is not supported by this server; use gzip');
    } else {
      throw new AppError('unsupported_media_type', `unsupported Content-Encoding "${name.slice(0, 40)}"`);
    }
  }
  return out;
}

/** zlib-wrapped deflate starts with a CMF/FLG pair whose 16-bit value is a multiple of 31. */
function isZlibWrapped(buf: Buffer): boolean {
  return buf.length >= 2 && (buf[0]! & 0x0f) === 8 && ((buf[0]! << 8) | buf[1]!) % 31 === 0;
}

async function decodeOne(codec: Codec, buf: Buffer, maxOutputLength: number): Promise<Buffer> {
  const opts = { maxOutputLength };
  const sync = buf.length < SYNC_BELOW;
  switch (codec) {
    case 'gzip':
      return sync ? zlib.gunzipSync(buf, opts) : gunzipAsync(buf, opts);
    case 'deflate':
      if (isZlibWrapped(buf)) return sync ? zlib.inflateSync(buf, opts) : inflateAsync(buf, opts);
      return sync ? zlib.inflateRawSync(buf, opts) : inflateRawAsync(buf, opts);
    case 'br':
      return sync ? zlib.brotliDecompressSync(buf, opts) : brotliAsync(buf, opts);
  }
}

/** The decoded body; 413 past `maxOutputLength`, 400 when it does not decode, 415 for unknown codecs. */
export async function decompressBody(
  body: Buffer,
  contentEncoding: string | string[] | undefined,
  maxOutputLength: number,
): Promise<Buffer> {
  const codecs = codecsOf(contentEncoding);
  let out = body;
  // Encodings are listed in the order they were applied: undo them last-first.
  for (let i = codecs.length - 1; i >= 0; i--) {
    if (out.length === 0) break;
    try {
      out = await decodeOne(codecs[i]!, out, maxOutputLength);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (
        code === 'ERR_BUFFER_TOO_LARGE' ||
        (err instanceof RangeError && /larger than|too large/i.test(err.message))
      ) {
        throw new AppError('payload_too_large', `decompressed body is larger than ${maxOutputLength} bytes`);
      }
      throw new AppError('bad_request', `cannot decode body with Content-Encoding ${codecs[i]}`);
    }
  }
  if (out.length > maxOutputLength) {
    throw new AppError('payload_too_large', `envelope is larger than ${maxOutputLength} bytes`);
  }
  return out;
}
