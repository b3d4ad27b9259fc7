/**
 * Sentry's issue `metadata` for an event (`ErrorEvent.extract_metadata` / `DefaultEvent`):
 * errors → `{type, value, filename, function, in_app_frame_mix}` of the main exception and its
 * top in-app frame; messages → `{title}`. Stored on the issue (updated by the latest event) and
 * on the event.
 */
import { isRecord, type JsonRecord, str } from '../items/common.js';

function values(v: unknown): JsonRecord[] {
  const list = isRecord(v) && Array.isArray(v.values) ? v.values : Array.isArray(v) ? v : [];
  return list.filter(isRecord);
}

function frames(stacktrace: unknown): JsonRecord[] {
  return isRecord(stacktrace) && Array.isArray(stacktrace.frames) ? stacktrace.frames.filter(isRecord) : [];
}

export function issueMetadata(event: JsonRecord, title: string, mainExceptionId?: number): JsonRecord {
  const excs = values(event.exception);
  if (excs.length === 0) return { title };
  let main = excs[excs.length - 1]!;
  if (mainExceptionId !== undefined) {
    const found = excs.find((e) => isRecord(e.mechanism) && e.mechanism.exception_id === mainExceptionId);
    if (found) main = found;
  }
  const meta: JsonRecord = {};
  // Sentry's ErrorEvent metadata: a missing type reads "Error", a missing value "".
  meta.type = str(main.type, 128) ?? 'Error';
  meta.value = str(main.value, 1024) ?? '';
  const fs = frames(main.stacktrace);
  // Most recent call last: the top frame is the last in-app one, else the last frame.
  let top: JsonRecord | undefined;
  for (let i = fs.length - 1; i >= 0; i--) {
    if (fs[i]!.in_app === true) {
      top = fs[i];
      break;
    }
  }
  top ??= fs[fs.length - 1];
  if (top) {
    const filename = str(top.filename, 256) ?? str(top.abs_path, 256) ?? str(top.module, 256);
    const fn = str(top.function, 256);
    if (filename) meta.filename = filename;
    if (fn) meta.function = fn;
  }
  if (fs.length > 0) {
    const inApp = fs.filter((f) => f.in_app === true).length;
    meta.in_app_frame_mix = inApp === fs.length ? 'in-app-only' : inApp === 0 ? 'system-only' : 'mixed';
  }
  meta.title = title;
  return meta;
}

/** The searchable message of an event: formatted logentry, else main exception `Type: value`. */
export function searchMessage(event: JsonRecord): string {
  const logentry = isRecord(event.logentry) ? event.logentry : undefined;
  const parts: string[] = [];
  const formatted = str(logentry?.formatted, 8192) ?? str(logentry?.message, 8192);
  if (formatted) parts.push(formatted);
  const excs = values(event.exception);
  const main = excs[excs.length - 1];
  if (main) {
    const t = str(main.type, 128);
    const v = str(main.value, 1024);
    const text = t && v ? `${t}: ${v}` : (t ?? v);
    if (text && !parts.includes(text)) parts.push(text);
  }
  return parts.join(' ').slice(0, 8192);
}
