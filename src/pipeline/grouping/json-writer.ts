/**
 * Writes JSON text straight into a reusable byte buffer (UTF-8), for the stored event payload:
 * the grouping trees are thousands of small pieces, and building them as strings first made
 * them a third of everything the prepare phase allocated (so of its garbage collection).
 *
 * One writer per thread is enough: `bytes()` is a view that the next `reset()` overwrites, so a
 * caller consumes it (compresses or copies it) before preparing the next event.
 */
export class JsonBytesWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  reset(): this {
    this.pos = 0;
    return this;
  }

  get length(): number {
    return this.pos;
  }

  /** The bytes written since `reset()` (a view into the writer's buffer). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Text that is already JSON (a literal, a stringified value, punctuation). */
  raw(text: string): this {
    const n = text.length;
    this.reserve(n * 3);
    if (n > 96) {
      this.pos += this.buf.write(text, this.pos, 'utf8');
      return this;
    }
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.pos += buf.write(text, this.pos, 'utf8');
        return this;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
    return this;
  }

  /** A string value, quoted and escaped exactly as `JSON.stringify` does. */
  string(value: string): this {
    const n = value.length;
    if (n <= 64) {
      this.reserve(n + 2);
      const buf = this.buf;
      let pos = this.pos;
      buf[pos++] = 0x22;
      for (let i = 0; i < n; i++) {
        const c = value.charCodeAt(i);
        // Anything JSON.stringify would escape, and non-ASCII: take the general path.
        if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) return this.raw(JSON.stringify(value));
        buf[pos++] = c;
      }
      buf[pos++] = 0x22;
      this.pos = pos;
      return this;
    }
    return this.raw(JSON.stringify(value));
  }
}
