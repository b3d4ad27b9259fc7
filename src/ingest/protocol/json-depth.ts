/**
 * A cheap nesting-depth scan over raw JSON bytes, run before JSON.parse: event data is
 * attacker-controlled, and code that walks a parsed tree recursively must never meet a
 * 10,000-deep document. Relay's JSON deserializer stops at 128 as well.
 */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const OPEN_ARR = 0x5b;
const CLOSE_OBJ = 0x7d;
const CLOSE_ARR = 0x5d;

/** True when the JSON text in buf[start, end) nests objects/arrays deeper than `max`. */
export function jsonTooDeep(buf: Uint8Array, start = 0, end = buf.length, max = MAX_JSON_DEPTH): boolean {
  // A document shorter than 2·max bytes cannot be nested deeper than max.
  if (end - start <= 2 * max) return false;
  let depth = 0;
  let i = start;
  while (i < end) {
    const c = buf[i]!;
    if (c === QUOTE) {
      // Most bytes of an event are inside strings: jump to the closing quote natively (memchr),
      // then step past quotes that an odd run of backslashes escapes.
      for (;;) {
        const q = buf.indexOf(QUOTE, i + 1);
        if (q < 0 || q >= end) return false;
        let backslashes = 0;
        for (let b = q - 1; b > i && buf[b] === BACKSLASH; b--) backslashes++;
        i = q;
        if (backslashes % 2 === 0) break;
      }
    } else if (c === OPEN_OBJ || c === OPEN_ARR) {
      if (++depth > max) return true;
    } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
      depth--;
    }
    i++;
  }
  return false;
}
