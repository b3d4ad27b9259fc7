import { asArray, asString, isRecord, type JsonRecord } from './guards.js';
import { canonicalizeStacktrace } from './stacktrace.js';

/** `Type: rest` in a value when the SDK sent no type (Relay derives the type from it). */
const TYPE_FROM_VALUE = /^(\w+):(.*)$/su;

/**
 * Canonical `exception`: always `{values: [...]}`. Accepts a bare list, `{values}`, or a single
 * exception object. Returns undefined when nothing usable is present.
 */
export function canonicalizeException(value: unknown): JsonRecord | undefined {
  let list: unknown[] | undefined;
  let base: JsonRecord = {};
  if (Array.isArray(value)) {
    list = value;
  } else if (isRecord(value)) {
    const values = asArray(value.values);
    if (values !== undefined) {
      base = { ...value };
      list = values;
    } else if ('type' in value || 'value' in value || 'stacktrace' in value || 'module' in value) {
      list = [value];
    }
  }
  if (list === undefined) return undefined;
  const values: JsonRecord[] = [];
  for (const item of list) {
    if (isRecord(item)) values.push(canonicalizeSingleException(item));
  }
  base.values = values;
  return base;
}

function canonicalizeSingleException(raw: JsonRecord): JsonRecord {
  const exc: JsonRecord = { ...raw };
  if (exc.type !== undefined && (typeof exc.type !== 'string' || exc.type === '')) delete exc.type;
  if (exc.value !== undefined && typeof exc.value !== 'string') {
    if (typeof exc.value === 'number' || typeof exc.value === 'boolean') exc.value = String(exc.value);
    else delete exc.value;
  }
  if (exc.module !== undefined && typeof exc.module !== 'string') delete exc.module;
  if (exc.type === undefined) {
    const v = asString(exc.value);
    const m = v === undefined ? null : TYPE_FROM_VALUE.exec(v);
    if (m) {
      exc.type = m[1];
      exc.value = (m[2] ?? '').trim();
    }
  }
  for (const key of ['stacktrace', 'raw_stacktrace'] as const) {
    if (exc[key] === undefined) continue;
    const st = canonicalizeStacktrace(exc[key]);
    if (st) exc[key] = st;
    else delete exc[key];
  }
  if (exc.mechanism !== undefined && !isRecord(exc.mechanism)) delete exc.mechanism;
  return exc;
}
