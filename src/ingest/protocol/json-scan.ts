/**
 * A validating JSON scanner over raw bytes: accepts exactly what `JSON.parse(buf.toString('utf8'))`
 * accepts (RFC 8259 syntax; bytes that are not UTF-8 decode to U+FFFD there and are accepted inside
 * strings here), stops at a nesting depth, and notes where the values of a few top-level keys lie.
 *
 * Ingest uses it instead of JSON.parse for item payloads: an event only has to be proven
 * well-formed and bounded at the door (the pipeline parses it anyway), and a scan that builds no
 * objects costs a fraction of a parse (no string decoding, no allocation per value). The few facts
 * ingest needs (event_id, type, whether there is an exception, container sizes) come from the
 * spans recorded in {@link TopLevelFields}.
 */

export const JSON_OK = 0;
export const JSON_SYNTAX = 1;
export const JSON_TOO_DEEP = 2;
export type JsonScanResult = typeof JSON_OK | typeof JSON_SYNTAX | typeof JSON_TOO_DEEP;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** 1 for bytes that may follow a backslash in a JSON string (other than `u`). */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
/** 1 for bytes that end a run of plain string content: `"`, `\\` and control characters. */
const STRING_SPECIAL = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_SPECIAL[c] = 1;
STRING_SPECIAL[QUOTE] = 1;
STRING_SPECIAL[BACKSLASH] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number) => c >= ZERO && c <= NINE;

/**
 * The value spans of chosen top-level object keys, filled by {@link scanJson}. Reusable: every
 * scan resets it. For a key seen twice the last one counts, as with JSON.parse.
 */
export class TopLevelFields {
  readonly names: readonly string[];
  private readonly nameBytes: Buffer[];
  /** Value start offset per name (-1: key absent). */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Element count when the value is an array, else -1. */
  readonly count: Int32Array;

  constructor(names: readonly string[]) {
    this.names = names;
    this.nameBytes = names.map((n) => Buffer.from(n, 'latin1'));
    this.start = new Int32Array(names.length);
    this.end = new Int32Array(names.length);
    this.count = new Int32Array(names.length);
    this.reset();
  }

  reset(): void {
    this.start.fill(-1);
    this.end.fill(-1);
    this.count.fill(-1);
  }

  /** Index of the key in buf[from, to) (the bytes between its quotes), or -1. */
  match(buf: Uint8Array, from: number, to: number, escaped: boolean): number {
    if (escaped) {
      // Rare: a key written with escapes (`"event\u005fid"`) means what it decodes to.
      const key = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + from - 1, to - from + 2).toString('utf8'));
      return this.names.indexOf(key);
    }
    const len = to - from;
    outer: for (let n = 0; n < this.nameBytes.length; n++) {
      const name = this.nameBytes[n]!;
      if (name.length !== len) continue;
      for (let k = 0; k < len; k++) if (buf[from + k] !== name[k]) continue outer;
      return n;
    }
    return -1;
  }

  /** The index of `name` (must be one of the constructor's names). */
  indexOf(name: string): number {
    const i = this.names.indexOf(name);
    if (i < 0) throw new Error(`TopLevelFields: unknown field ${name}`);
    return i;
  }
}

const sharedStack = new Uint8Array(1026);

/**
 * Scans the JSON text in buf[from, to): JSON_OK, JSON_SYNTAX (JSON.parse would throw) or
 * JSON_TOO_DEEP (objects/arrays nested deeper than `maxDepth`; reported as soon as it is seen).
 * With `fields`, records where the values of its keys lie when the document is an object.
 */
export function scanJson(
  buf: Uint8Array,
  from: number,
  to: number,
  maxDepth: number,
  fields?: TopLevelFields,
): JsonScanResult {
  fields?.reset();
  // stack[d] = the container byte ({ or [) at depth d (1-based).
  const stack = maxDepth + 2 <= sharedStack.length ? sharedStack : new Uint8Array(maxDepth + 2);
  let depth = 0;
  let i = from;
  /** The field whose value is being scanned (a value at depth 1 of a top-level object), or -1. */
  let field = -1;
  let c = 0;

  // Each turn of the loop scans one value at position i (after whitespace), then what follows it.
  for (;;) {
    while (i < to && isWs(buf[i]!)) i++;
    if (i >= to) return JSON_SYNTAX;
    c = buf[i]!;
    if (fields !== undefined && depth === 2 && field >= 0 && stack[2] === OPEN_ARR) fields.count[field]!++;
    if (c === OPEN_OBJ || c === OPEN_ARR) {
      if (++depth > maxDepth) return JSON_TOO_DEEP;
      stack[depth] = c;
      if (fields !== undefined && depth === 2 && field >= 0 && c === OPEN_ARR) fields.count[field] = 0;
      i++;
      while (i < to && isWs(buf[i]!)) i++;
      if (i >= to) return JSON_SYNTAX;
      const close = c === OPEN_OBJ ? CLOSE_OBJ : CLOSE_ARR;
      if (buf[i] === close) {
        depth--;
        i++;
      } else if (c === OPEN_OBJ) {
        i = scanKey(buf, i, to, depth, fields);
        if (i < 0) return JSON_SYNTAX;
        if (depth === 1) field = keyField;
        continue;
      } else {
        continue;
      }
    } else if (c === QUOTE) {
      i = scanString(buf, i, to);
      if (i < 0) return JSON_SYNTAX;
    } else if (c === MINUS || isDigit(c)) {
      i = scanNumber(buf, i, to);
      if (i < 0) return JSON_SYNTAX;
    } else if (c === 0x74 /* t */) {
      if (!(i + 3 < to && buf[i + 1] === 0x72 && buf[i + 2] === 0x75 && buf[i + 3] === 0x65)) return JSON_SYNTAX;
      i += 4;
    } else if (c === 0x66 /* f */) {
      if (!(i + 4 < to && buf[i + 1] === 0x61 && buf[i + 2] === 0x6c && buf[i + 3] === 0x73 && buf[i + 4] === 0x65))
        return JSON_SYNTAX;
      i += 5;
    } else if (c === 0x6e /* n */) {
      if (!(i + 3 < to && buf[i + 1] === 0x75 && buf[i + 2] === 0x6c && buf[i + 3] === 0x6c)) return JSON_SYNTAX;
      i += 4;
    } else {
      return JSON_SYNTAX;
    }

    // After a complete value: close containers, or go on to the next element / member.
    for (;;) {
      if (depth === 1 && field >= 0 && fields !== undefined) {
        fields.end[field] = i;
        field = -1;
      }
      while (i < to && isWs(buf[i]!)) i++;
      if (depth === 0) return i === to ? JSON_OK : JSON_SYNTAX;
      if (i >= to) return JSON_SYNTAX;
      c = buf[i]!;
      const open = stack[depth]!;
      if (c === COMMA) {
        i++;
        if (open === OPEN_OBJ) {
          while (i < to && isWs(buf[i]!)) i++;
          i = scanKey(buf, i, to, depth, fields);
          if (i < 0) return JSON_SYNTAX;
          if (depth === 1) field = keyField;
        }
        break;
      }
      if ((c === CLOSE_OBJ && open === OPEN_OBJ) || (c === CLOSE_ARR && open === OPEN_ARR)) {
        depth--;
        i++;
        continue;
      }
      return JSON_SYNTAX;
    }
  }
}

/** Set by scanKey: the field index of the key just scanned (-1: none); its value start is recorded. */
let keyField = -1;

/**
 * Scans `"key"` + `:` at i (whitespace before i already skipped) and the whitespace after the
 * colon; returns the offset of the value, or -1. Sets keyField for keys of a top-level object.
 */
function scanKey(buf: Uint8Array, i: number, to: number, depth: number, fields: TopLevelFields | undefined): number {
  keyField = -1;
  if (i >= to || buf[i] !== QUOTE) return -1;
  const keyStart = i + 1;
  let escaped = false;
  if (depth === 1 && fields !== undefined) {
    // Keys are short: scan them inline to learn whether they hold escapes.
    let j = keyStart;
    for (;;) {
      if (j >= to) return -1;
      const c = buf[j]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        const e = scanEscape(buf, j, to);
        if (e < 0) return -1;
        j = e;
        continue;
      }
      if (c < 0x20) return -1;
      j++;
    }
    keyField = fields.match(buf, keyStart, j, escaped);
    i = j + 1;
  } else {
    i = scanString(buf, i, to);
    if (i < 0) return -1;
  }
  while (i < to && isWs(buf[i]!)) i++;
  if (i >= to || buf[i] !== COLON) return -1;
  i++;
  while (i < to && isWs(buf[i]!)) i++;
  if (keyField >= 0) fields!.start[keyField] = i;
  return i;
}

/** The offset after the escape sequence starting with the backslash at i, or -1. */
function scanEscape(buf: Uint8Array, i: number, to: number): number {
  if (i + 1 >= to) return -1;
  const e = buf[i + 1]!;
  if (SIMPLE_ESCAPE[e] === 1) return i + 2;
  if (e === 0x75 /* u */) {
    if (i + 5 >= to) return -1;
    if (HEX[buf[i + 2]!] !== 1 || HEX[buf[i + 3]!] !== 1 || HEX[buf[i + 4]!] !== 1 || HEX[buf[i + 5]!] !== 1) {
      return -1;
    }
    return i + 6;
  }
  return -1;
}

/** Scans the string starting at the quote at i; returns the offset after its closing quote, or -1. */
function scanString(buf: Uint8Array, i: number, to: number): number {
  i++;
  for (;;) {
    while (i < to && STRING_SPECIAL[buf[i]!] === 0) i++;
    if (i >= to) return -1;
    const c = buf[i]!;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      i = scanEscape(buf, i, to);
      if (i < 0) return -1;
    } else if (c < 0x20) {
      return -1;
    } else {
      i++;
    }
  }
}

/** Scans a number at i; returns the offset after it, or -1. */
function scanNumber(buf: Uint8Array, i: number, to: number): number {
  if (buf[i] === MINUS) i++;
  if (i >= to) return -1;
  const c = buf[i]!;
  if (c === ZERO) {
    i++;
  } else if (c > ZERO && c <= NINE) {
    i++;
    while (i < to && isDigit(buf[i]!)) i++;
  } else {
    return -1;
  }
  if (i < to && buf[i] === DOT) {
    i++;
    if (i >= to || !isDigit(buf[i]!)) return -1;
    while (i < to && isDigit(buf[i]!)) i++;
  }
  if (i < to && (buf[i] === 0x65 || buf[i] === 0x45) /* e E */) {
    i++;
    if (i < to && (buf[i] === PLUS || buf[i] === MINUS)) i++;
    if (i >= to || !isDigit(buf[i]!)) return -1;
    while (i < to && isDigit(buf[i]!)) i++;
  }
  return i;
}
