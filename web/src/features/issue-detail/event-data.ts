/**
 * Narrowing helpers for event JSON. Event data is attacker-controlled: every accessor tolerates any
 * shape and bounds list lengths, so a hostile event renders partially instead of crashing the page.
 */
import type { SentryEvent } from '../../lib/api-types.js';

export type Rec = Record<string, unknown>;

export function asRecord(v: unknown): Rec {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {};
}

export function asArray(v: unknown, max = 500): unknown[] {
  return Array.isArray(v) ? v.slice(0, max) : [];
}

export function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function entry(event: SentryEvent | undefined, type: string): Rec | undefined {
  const e = asArray(event?.entries, 100).find((x) => asRecord(x).type === type);
  return e ? asRecord(asRecord(e).data) : undefined;
}

export interface Frame {
  filename?: string;
  absPath?: string;
  module?: string;
  function?: string;
  package?: string;
  lineNo?: number;
  colNo?: number;
  inApp: boolean;
  context: [number, string][];
  vars?: Rec;
  platform?: string;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function toFrame(raw: unknown): Frame {
  const f = asRecord(raw);
  const context: [number, string][] = [];
  for (const c of asArray(f.context, 60)) {
    if (Array.isArray(c) && c.length >= 2) {
      const n = num(c[0]);
      if (n !== undefined) context.push([n, asString(c[1]) ?? '']);
    }
  }
  const vars = f.vars && typeof f.vars === 'object' && !Array.isArray(f.vars) ? (f.vars as Rec) : undefined;
  return {
    filename: asString(f.filename),
    absPath: asString(f.absPath ?? f.abs_path),
    module: asString(f.module),
    function: asString(f.function ?? f.rawFunction),
    package: asString(f.package),
    lineNo: num(f.lineNo ?? f.lineno),
    colNo: num(f.colNo ?? f.colno),
    inApp: f.inApp === true || f.in_app === true,
    context,
    vars,
    platform: asString(f.platform),
  };
}

/** Frames oldest → newest, as Sentry stores them. */
export function framesOf(stacktrace: unknown): Frame[] {
  return asArray(asRecord(stacktrace).frames, 250).map(toFrame);
}

export interface ExceptionValue {
  type?: string;
  value?: string;
  module?: string;
  mechanism?: Rec;
  frames: Frame[];
  rawFrames: Frame[];
}

export function exceptionValues(event: SentryEvent | undefined): ExceptionValue[] {
  const data = entry(event, 'exception');
  if (!data) return [];
  return asArray(data.values, 50).map((raw) => {
    const v = asRecord(raw);
    return {
      type: asString(v.type),
      value: asString(v.value),
      module: asString(v.module),
      mechanism: v.mechanism ? asRecord(v.mechanism) : undefined,
      frames: framesOf(v.stacktrace),
      rawFrames: framesOf(v.rawStacktrace),
    };
  });
}

/** One line of a plain-text stack trace, in the platform's usual format. */
export function rawFrameLine(f: Frame, platform: string | undefined): string {
  const file = f.filename ?? f.absPath ?? f.module ?? '?';
  if (platform === 'python') {
    return `  File "${f.absPath ?? file}", line ${f.lineNo ?? '?'}, in ${f.function ?? '?'}`;
  }
  const loc = `${f.absPath ?? file}${f.lineNo !== undefined ? `:${f.lineNo}` : ''}${f.colNo !== undefined ? `:${f.colNo}` : ''}`;
  return f.function ? `    at ${f.function} (${loc})` : `    at ${loc}`;
}

export function rawStacktrace(values: ExceptionValue[], platform: string | undefined): string {
  const out: string[] = [];
  for (const v of [...values].reverse()) {
    const head = `${v.type ?? 'Error'}${v.value ? `: ${v.value}` : ''}`;
    if (platform === 'python') {
      out.push('Traceback (most recent call last):');
      for (const f of v.frames) out.push(rawFrameLine(f, platform));
      out.push(head);
    } else {
      out.push(head);
      for (const f of [...v.frames].reverse()) out.push(rawFrameLine(f, platform));
    }
    out.push('');
  }
  return out.join('\n').trim();
}
