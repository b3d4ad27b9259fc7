/**
 * Fingerprint variables (`{{ default }}`, `{{ transaction }}`, `{{ error.type }}`, …) and their
 * resolution against an event. Unknown variables stay literal, as in newstyle:2023-01-11.
 */
import { asArray, asNonEmptyString, asString, getPath, isRecord } from '../../normalize/interfaces/index.js';
import type { EventModel, FrameModel } from '../model.js';

const VARIABLE = /^\{\{\s*(\S+)\s*\}\}$/;
const VARIABLE_ANYWHERE = /\{\{\s*(\S+)\s*\}\}/g;
export const DEFAULT_VARIABLE = '{{ default }}';

/** The variable name if the whole entry is `{{ name }}`, else undefined. */
export function parseVariable(entry: string): string | undefined {
  const m = VARIABLE.exec(entry);
  return m ? m[1] : undefined;
}

export function isDefaultVariable(entry: string): boolean {
  return parseVariable(entry) === 'default';
}

export type FingerprintKind = 'default' | 'hybrid' | 'custom';

export function fingerprintKind(fingerprint: readonly string[]): FingerprintKind {
  if (fingerprint.length === 1 && isDefaultVariable(fingerprint[0] as string)) return 'default';
  return fingerprint.some(isDefaultVariable) ? 'hybrid' : 'custom';
}

/** Sentry's crash frame: last frame of the main stack, preferring in-app frames. */
export function crashFrame(model: EventModel, filter?: (f: FrameModel) => boolean): FrameModel | undefined {
  const excs = model.exceptions;
  let frames = excs?.[excs.length - 1]?.stacktrace?.frames;
  if (!frames || frames.length === 0) frames = model.stacktrace?.frames;
  if ((!frames || frames.length === 0) && model.threads?.length === 1) frames = model.threads[0]?.stacktrace?.frames;
  let fallback: FrameModel | undefined;
  for (let i = (frames?.length ?? 0) - 1; i >= 0; i--) {
    const f = (frames as FrameModel[])[i] as FrameModel;
    if (filter && !filter(f)) continue;
    if (f.inApp === true) return f;
    fallback ??= f;
  }
  return fallback;
}

/** Tags as `[key, value]` pairs, whether sent as an object or a list of pairs. */
export function tagPairs(tags: unknown): [string, string][] {
  const out: [string, string][] = [];
  if (isRecord(tags)) {
    for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') out.push([k, v]);
  } else {
    for (const pair of asArray(tags) ?? []) {
      const k = asString(getPath(pair, 0));
      const v = asString(getPath(pair, 1));
      if (k !== undefined && v !== undefined) out.push([k, v]);
    }
  }
  return out;
}

function lastException(model: EventModel) {
  const excs = model.exceptions;
  return excs ? excs[excs.length - 1] : undefined;
}

/** Resolve one variable, or undefined when the variable is unknown. */
export function resolveVariable(name: string, model: EventModel): string | undefined {
  const event = model.event;
  switch (name) {
    case 'transaction':
      return asNonEmptyString(event.transaction) ?? '<no-transaction>';
    case 'message':
      return (
        asNonEmptyString(getPath(event, 'logentry', 'formatted')) ??
        asNonEmptyString(getPath(event, 'logentry', 'message')) ??
        (lastException(model)?.value || undefined) ??
        '<no-message>'
      );
    case 'type':
    case 'error.type':
      return lastException(model)?.type ?? '<no-type>';
    case 'value':
    case 'error.value':
      return lastException(model)?.value || '<no-value>';
    case 'function':
    case 'stack.function':
      return crashFrame(model)?.function ?? '<no-function>';
    case 'path':
    case 'stack.abs_path': {
      const f = crashFrame(model);
      return (f && (f.absPath || f.filename)) || '<no-abs-path>';
    }
    case 'stack.filename': {
      const f = crashFrame(model);
      return (f && (f.filename || f.absPath)) || '<no-filename>';
    }
    case 'module':
    case 'stack.module':
      return crashFrame(model)?.module || '<no-module>';
    case 'package':
    case 'stack.package': {
      const pkg = crashFrame(model)?.package;
      const last = pkg ? pkg.split('/').pop()?.split('\\').pop() : undefined;
      return last || '<no-package>';
    }
    case 'level':
      return asNonEmptyString(event.level) ?? '<no-level>';
    case 'logger':
      return asNonEmptyString(event.logger) ?? '<no-logger>';
    default:
      if (name.startsWith('tags.')) {
        const key = name.slice(5);
        for (const [k, v] of tagPairs(event.tags)) if (k === key) return v;
        return `<no-value-for-tag-${key}>`;
      }
      return undefined;
  }
}

/** Resolve every entry; `{{ default }}` stays as the canonical `{{ default }}` marker. */
export function resolveFingerprint(fingerprint: readonly string[], model: EventModel): string[] {
  return fingerprint.map((entry) => {
    const name = parseVariable(entry);
    if (name === undefined) return entry;
    if (name === 'default') return DEFAULT_VARIABLE;
    return resolveVariable(name, model) ?? entry;
  });
}

/** Expand `{{ var }}` occurrences inside a title template (unknown variables stay literal). */
export function expandTitleTemplate(template: string, model: EventModel): string {
  return template.replace(VARIABLE_ANYWHERE, (whole, name: string) => resolveVariable(name, model) ?? whole);
}
