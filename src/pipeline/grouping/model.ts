/**
 * Typed, read-once view of the parts of a canonical event that grouping looks at. Built from the
 * output of `canonicalizeInterfaces`, so shapes are already checked; every access still narrows.
 */
import {
  asArray,
  asNonEmptyString,
  asRecord,
  asString,
  getPath,
  isRecord,
  type JsonRecord,
  scalarToString,
} from '../normalize/interfaces/index.js';

export interface FrameModel {
  raw: JsonRecord;
  function: string | undefined;
  rawFunction: string | undefined;
  module: string | undefined;
  filename: string | undefined;
  absPath: string | undefined;
  package: string | undefined;
  platform: string | undefined;
  contextLine: string | undefined;
  sourcemap: boolean;
  inApp: boolean | undefined;
  category: string | undefined;
}

export interface StacktraceModel {
  frames: FrameModel[];
  /** The canonical JSON frame list the models were read from (same indices). */
  rawFrames: unknown[];
}

export interface MechanismModel {
  type: string | undefined;
  synthetic: boolean;
  exceptionId: number | undefined;
  parentId: number | undefined;
  isExceptionGroup: boolean;
  source: string | undefined;
  nsError: { domain: string; code: string } | undefined;
}

export interface ExceptionModel {
  raw: JsonRecord;
  type: string | undefined;
  value: string | undefined;
  module: string | undefined;
  mechanism: MechanismModel | undefined;
  /** null when there is no stack trace or it has no frames (Sentry treats both as absent). */
  stacktrace: StacktraceModel | null;
}

export interface ThreadModel {
  crashed: boolean;
  current: boolean;
  stacktrace: StacktraceModel | null;
}

export interface EventModel {
  event: JsonRecord;
  platform: string;
  exceptions: ExceptionModel[] | null;
  threads: ThreadModel[] | null;
  stacktrace: StacktraceModel | null;
  /** Every stack trace in the event, for enhancement application. */
  allStacktraces: { stacktrace: StacktraceModel; exception: ExceptionModel | null }[];
}

export function buildFrame(raw: JsonRecord): FrameModel {
  const data = asRecord(raw.data);
  return {
    raw,
    function: asNonEmptyString(raw.function),
    rawFunction: asNonEmptyString(raw.raw_function),
    module: asString(raw.module),
    filename: asString(raw.filename),
    absPath: asString(raw.abs_path),
    package: asString(raw.package),
    platform: asNonEmptyString(raw.platform),
    contextLine: asString(raw.context_line),
    sourcemap: data !== undefined && data.sourcemap !== undefined && data.sourcemap !== null,
    inApp: typeof raw.in_app === 'boolean' ? raw.in_app : undefined,
    category: data ? asString(data.category) : undefined,
  };
}

export function buildStacktrace(value: unknown): StacktraceModel | null {
  const frames = asArray(getPath(value, 'frames'));
  if (frames === undefined) return null;
  const out: FrameModel[] = [];
  for (const f of frames) if (isRecord(f)) out.push(buildFrame(f));
  return { frames: out, rawFrames: frames };
}

function toInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function buildMechanism(value: unknown): MechanismModel | undefined {
  if (!isRecord(value)) return undefined;
  const ns = getPath(value, 'meta', 'ns_error');
  let nsError: MechanismModel['nsError'];
  if (isRecord(ns)) {
    nsError = { domain: scalarToString(ns.domain) ?? 'None', code: scalarToString(ns.code) ?? 'None' };
  }
  return {
    type: asString(value.type),
    synthetic: value.synthetic === true,
    exceptionId: toInt(value.exception_id),
    parentId: toInt(value.parent_id),
    isExceptionGroup: value.is_exception_group === true,
    source: asString(value.source),
    nsError,
  };
}

function buildException(raw: JsonRecord): ExceptionModel {
  const st = buildStacktrace(raw.stacktrace);
  return {
    raw,
    type: asNonEmptyString(raw.type),
    value: asString(raw.value),
    module: asString(raw.module),
    mechanism: buildMechanism(raw.mechanism),
    stacktrace: st && st.frames.length > 0 ? st : null,
  };
}

export function buildEventModel(event: JsonRecord): EventModel {
  const platform = asNonEmptyString(event.platform) ?? 'other';
  const all: EventModel['allStacktraces'] = [];
  let exceptions: ExceptionModel[] | null = null;
  const excValues = asArray(getPath(event, 'exception', 'values'));
  if (excValues && excValues.length > 0) {
    exceptions = [];
    for (const e of excValues) {
      if (!isRecord(e)) continue;
      const exc = buildException(e);
      exceptions.push(exc);
      if (exc.stacktrace) all.push({ stacktrace: exc.stacktrace, exception: exc });
    }
    if (exceptions.length === 0) exceptions = null;
  }
  let threads: ThreadModel[] | null = null;
  const threadValues = asArray(getPath(event, 'threads', 'values'));
  if (threadValues && threadValues.length > 0) {
    threads = [];
    for (const t of threadValues) {
      if (!isRecord(t)) continue;
      const st = buildStacktrace(t.stacktrace);
      threads.push({ crashed: t.crashed === true, current: t.current === true, stacktrace: st });
      if (st) all.push({ stacktrace: st, exception: null });
    }
  }
  const stacktrace = event.stacktrace !== undefined ? buildStacktrace(event.stacktrace) : null;
  if (stacktrace) all.push({ stacktrace, exception: null });
  return { event, platform, exceptions, threads, stacktrace, allStacktraces: all };
}
