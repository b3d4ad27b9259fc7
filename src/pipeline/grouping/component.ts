import { hash } from 'node:crypto';
import { JsonBytesWriter } from './json-writer.js';
import type { GroupingComponentJson } from './types.js';

export type ComponentValue = GroupingComponent | string;

/**
 * A node of the grouping tree. `contributes` follows Sentry's component semantics exactly:
 * it is derived from the children only when values are (re)assigned, so a later change to a
 * child does not propagate upwards. Hashes depend on this.
 */
export class GroupingComponent {
  id: string;
  hint: string | null = null;
  contributes = false;
  values: ComponentValue[] = [];
  inApp: boolean | undefined;

  constructor(id: string, values?: ComponentValue[], contributes?: boolean, hint?: string) {
    this.id = id;
    if (id === 'salt') this.hint = 'a static salt';
    this.update(values, contributes, hint);
  }

  update(values?: ComponentValue[], contributes?: boolean, hint?: string): this {
    if (hint !== undefined) this.hint = hint;
    if (values !== undefined) {
      this.values = values;
      if (contributes === undefined) contributes = computeContributes(values);
    }
    if (contributes !== undefined) this.contributes = contributes;
    return this;
  }

  /** Set contributes (and optionally a hint) without touching values. */
  mark(contributes: boolean, hint?: string): this {
    this.contributes = contributes;
    if (hint !== undefined) this.hint = hint;
    return this;
  }

  /** Deep copy (string leaves are shared). */
  clone(): GroupingComponent {
    const c = new GroupingComponent(this.id);
    c.hint = this.hint;
    c.contributes = this.contributes;
    c.inApp = this.inApp;
    c.values = this.values.map((v) => (typeof v === 'string' ? v : v.clone()));
    return c;
  }

  /** Flattened leaf values of contributing nodes, in tree order. */
  collectValues(out: string[] = []): string[] {
    if (!this.contributes) return out;
    for (const v of this.values) {
      if (typeof v === 'string') out.push(v);
      else v.collectValues(out);
    }
    return out;
  }

  /** The concatenated contributing values (what the hash is taken over), or null. */
  hashInput(): string | null {
    return this.contributes ? this.collectValues().join('') : null;
  }

  /** md5 over the contributing values, or null when this component does not contribute. */
  getHash(): string | null {
    if (!this.contributes) return null;
    return hashValues(this.collectValues());
  }

  /** True if a contributing descendant with the given id exists (reached via contributing nodes). */
  hasContributing(id: string): boolean {
    for (const v of this.values) {
      if (typeof v === 'string' || !v.contributes) continue;
      if (v.id === id || v.hasContributing(id)) return true;
    }
    return false;
  }

  /**
   * The node as JSON text (stored with every event): `JSON.stringify(this)` less the defaults
   * `"contributes":false` and `"hint":null`, which readers restore (absent contributes = false,
   * absent hint = null).
   */
  toJsonText(): string {
    const w = new JsonBytesWriter(4096);
    this.writeJson(w);
    return w.bytes().toString('utf8');
  }

  /** `toJsonText` written straight into `w`, without building objects or strings first. */
  writeJson(w: JsonBytesWriter): void {
    w.raw(nodePrefix(this.id, this.contributes, this.hint));
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as ComponentValue;
      if (i > 0) w.raw(',');
      if (typeof v === 'string') w.string(v);
      else v.writeJson(w);
    }
    w.raw(CLOSE);
  }

  toJSON(): GroupingComponentJson {
    return {
      id: this.id,
      contributes: this.contributes,
      hint: this.hint,
      values: this.values.map((v) => (typeof v === 'string' ? v : v.toJSON())),
    };
  }
}

/**
 * `{"id":…[,"contributes":true][,"hint":…],"values":[` per (id, contributes, hint): ids and hints
 * come from a small fixed set (plus rule texts), so each prefix is built once.
 */
const PREFIXES = new Map<string, Map<string | null, [string, string]>>();
let prefixCount = 0;

function nodePrefix(id: string, contributes: boolean, hint: string | null): string {
  let byHint = PREFIXES.get(id);
  if (byHint === undefined) {
    byHint = new Map();
    PREFIXES.set(id, byHint);
  }
  let pair = byHint.get(hint);
  if (pair === undefined) {
    const head = `{"id":${JSON.stringify(id)}`;
    const tail = `${hint === null ? '' : `,"hint":${JSON.stringify(hint)}`},"values":[`;
    pair = [`${head}${tail}`, `${head},"contributes":true${tail}`];
    if (prefixCount >= 2000) {
      PREFIXES.clear();
      prefixCount = 0;
    }
    byHint.set(hint, pair);
    prefixCount++;
  }
  return contributes ? pair[1] : pair[0];
}

const CLOSE = ']}';

function computeContributes(values: ComponentValue[]): boolean {
  for (const v of values) {
    if (typeof v === 'string' || v.contributes) return true;
  }
  return false;
}

/** Sentry's `hash_from_values`: md5 of the UTF-8 concatenation, lowercase hex. */
export function hashValues(values: readonly string[]): string {
  return hash('md5', values.join(''), 'hex');
}
