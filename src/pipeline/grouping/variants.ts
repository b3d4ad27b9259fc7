/**
 * Turns strategy components and the resolved fingerprint into hash variants, the way Sentry's
 * `get_grouping_variants_for_event` does: checksum short-circuit, custom fingerprints switching
 * component variants off, hybrid fingerprints salting them, and a fallback when nothing counts.
 */
import { type GroupingComponent, hashValues } from './component.js';
import {
  DEFAULT_VARIABLE,
  type FingerprintResolution,
  fingerprintKind,
  isDefaultVariable,
  resolveFingerprint,
} from './fingerprinting/index.js';
import { JsonBytesWriter } from './json-writer.js';
import type { EventModel } from './model.js';
import type { GroupingComponentJson, Variant } from './types.js';

const MD5_HEX = /^[0-9a-f]{32}$/;

/** Legacy `checksum` events bypass all strategies. */
export function checksumVariants(checksum: string): Variant[] {
  if (MD5_HEX.test(checksum)) return [{ name: 'checksum', type: 'checksum', hash: checksum, contributingValues: [] }];
  const rv: Variant[] = [
    { name: 'hashed_checksum', type: 'hashed_checksum', hash: hashValues([checksum]), contributingValues: [checksum] },
  ];
  if (checksum.length <= 32) rv.push({ name: 'checksum', type: 'checksum', hash: checksum, contributingValues: [] });
  return rv;
}

/** Root component of each component variant (for `variantsJsonText`). */
const ROOTS = new WeakMap<Variant, GroupingComponent>();

function componentVariant(name: string, root: GroupingComponent): Variant {
  const values = root.contributes ? root.collectValues() : [];
  // The tree is only materialized when someone reads it (`variantsJsonText` writes it directly).
  let tree: GroupingComponentJson | undefined;
  const variant: Variant = {
    name,
    type: 'component',
    hash: root.contributes ? hashValues(values) : null,
    contributingValues: values,
    get component() {
      tree ??= root.toJSON();
      return tree;
    },
  };
  ROOTS.set(variant, root);
  return variant;
}

export function buildVariants(
  roots: Map<string, GroupingComponent>,
  resolution: FingerprintResolution,
  model: EventModel,
): Variant[] {
  const fingerprint = resolution.fingerprint.length > 0 ? resolution.fingerprint : [DEFAULT_VARIABLE];
  const kind = fingerprintKind(fingerprint);
  const variants: Variant[] = [];
  const matchedRule = resolution.matchedRule?.text;

  if (kind === 'default') {
    for (const [name, root] of roots) variants.push(componentVariant(name, root));
  } else if (kind === 'custom') {
    for (const [name, root] of roots) {
      root.mark(false, 'custom fingerprint takes precedence');
      variants.push(componentVariant(name, root));
    }
    const resolved = resolveFingerprint(fingerprint, model);
    const builtin = resolution.matchedRule?.isBuiltin === true;
    variants.push({
      name: builtin ? 'built_in_fingerprint' : 'custom_fingerprint',
      type: builtin ? 'built_in_fingerprint' : 'custom_fingerprint',
      hash: hashValues(resolved),
      contributingValues: resolved,
      fingerprint: resolved,
      ...(matchedRule ? { matchedRule } : {}),
    });
  } else {
    const resolved = resolveFingerprint(fingerprint, model);
    for (const [name, root] of roots) {
      const variant = componentVariant(name, root);
      const values: string[] = [];
      if (root.contributes) {
        for (const entry of resolved) {
          if (isDefaultVariable(entry)) values.push(...variant.contributingValues);
          else values.push(entry);
        }
      }
      variant.type = 'salted_component';
      variant.hash = root.contributes ? hashValues(values) : null;
      variant.contributingValues = values;
      variant.fingerprint = resolved;
      if (matchedRule) variant.matchedRule = matchedRule;
      variants.push(variant);
    }
  }

  if (!variants.some((v) => v.hash !== null)) {
    variants.push({ name: 'fallback', type: 'fallback', hash: hashValues([]), contributingValues: [] });
  }
  return variants;
}

/** Non-null hashes, `system` last, without duplicates. */
export function orderedHashes(variants: readonly Variant[]): string[] {
  const out: string[] = [];
  const push = (v: Variant) => {
    if (v.hash !== null && !out.includes(v.hash)) out.push(v.hash);
  };
  for (const v of variants) if (v.name !== 'system') push(v);
  for (const v of variants) if (v.name === 'system') push(v);
  return out;
}

/**
 * `JSON.stringify(variants)`, with the component trees written straight from the components
 * instead of materialized as objects first (the trees are most of the stored grouping data),
 * less their default fields (see `GroupingComponent.toJsonText`).
 */
export function variantsJsonText(variants: readonly Variant[]): string {
  const w = new JsonBytesWriter(16 * 1024);
  writeVariantsJson(variants, w);
  return w.bytes().toString('utf8');
}

/** `variantsJsonText` written into `w` (the stored payload is assembled in one writer). */
export function writeVariantsJson(variants: readonly Variant[], w: JsonBytesWriter): void {
  w.raw('[');
  for (let i = 0; i < variants.length; i++) {
    const v = variants[i] as Variant;
    if (i > 0) w.raw(',');
    const root = ROOTS.get(v);
    if (root === undefined) {
      w.raw(JSON.stringify(v));
      continue;
    }
    let sep = '{';
    for (const key of Object.keys(v)) {
      if (key === 'component') {
        w.raw(sep).raw('"component":');
        root.writeJson(w);
      } else {
        const value = (v as unknown as Record<string, unknown>)[key];
        if (value === undefined) continue;
        w.raw(sep).raw(JSON.stringify(key)).raw(':').raw(JSON.stringify(value));
      }
      sep = ',';
    }
    w.raw(sep === '{' ? '{}' : '}');
  }
  w.raw(']');
}
