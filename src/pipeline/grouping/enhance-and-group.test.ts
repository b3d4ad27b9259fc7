/**
 * `enhanceAndGroup` (the pipeline's one-pass entry point) must give exactly what the two-step
 * `computeGrouping(applyEnhancements(event))` gives: same enhanced event, same variants with the
 * same component trees, same hashes, title override and main exception. Checked on every Sentry
 * grouping snapshot input, on every recorded SDK event (raw and normalized), and on project rules
 * whose classifier pass is not idempotent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../normalize/index.js';
import { isRecord, type JsonRecord } from '../normalize/interfaces/index.js';
import { loadRecordedEvent, SDK_FIXTURES } from '../normalize/testing/sdk-fixtures.js';
import {
  applyEnhancements,
  computeGrouping,
  enhanceAndGroup,
  type ProjectGroupingConfig,
  variantsJsonText,
} from './index.js';
import type { FingerprintRuleConfig } from './types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const casesPath = path.resolve(repoRoot, '../shared/fixtures/sentry-grouping/cases.json');

function twoStep(event: JsonRecord, config: ProjectGroupingConfig) {
  const enhanced = applyEnhancements(structuredClone(event), config.enhancements);
  return { event: enhanced, grouping: computeGrouping(enhanced, config) };
}

/** Everything observable, as JSON (trees included: the `component` getters are read). */
function observable(r: { event: JsonRecord; grouping: ReturnType<typeof computeGrouping> }): string {
  return JSON.stringify({ event: r.event, grouping: r.grouping });
}

/** Component nodes as readers see them: absent `contributes` = false, absent `hint` = null. */
function withDefaults(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withDefaults);
  if (!isRecord(v)) return v;
  const out: JsonRecord = {};
  for (const [k, x] of Object.entries(v)) out[k] = withDefaults(x);
  if (typeof v.id === 'string' && Array.isArray(v.values)) {
    return { id: v.id, contributes: v.contributes === true, hint: v.hint ?? null, values: out.values };
  }
  return out;
}

function expectSame(event: JsonRecord, config: ProjectGroupingConfig = {}): void {
  const expected = twoStep(event, config);
  const actual = enhanceAndGroup(structuredClone(event), config);
  expect(observable(actual)).toBe(observable(expected));
  // The stored text of the variants (trees written from the components, defaults left out).
  const text = variantsJsonText(actual.grouping.variants);
  expect(withDefaults(JSON.parse(text))).toEqual(JSON.parse(JSON.stringify(expected.grouping.variants)));
}

describe('enhanceAndGroup = computeGrouping(applyEnhancements(event))', () => {
  it('on every Sentry grouping snapshot input, with its project rules', () => {
    const cases = JSON.parse(readFileSync(casesPath, 'utf8')) as { name: string; event: JsonRecord }[];
    expect(cases.length).toBeGreaterThan(50);
    for (const c of cases) {
      const { _grouping, _fingerprinting_rules, ...event } = c.event;
      const config: ProjectGroupingConfig = {};
      if (isRecord(_grouping) && typeof _grouping.enhancements === 'string')
        config.enhancements = _grouping.enhancements;
      if (Array.isArray(_fingerprinting_rules)) {
        config.fingerprintingRules = _fingerprinting_rules as FingerprintRuleConfig[];
      }
      expectSame(event, config);
    }
  });

  it('on every recorded SDK event, raw and normalized', () => {
    const index = JSON.parse(readFileSync(path.join(SDK_FIXTURES, 'index.json'), 'utf8')) as {
      file: string;
      kind: string;
      item_types?: string[];
    }[];
    let n = 0;
    for (const entry of index) {
      if (entry.kind !== 'store' && !(entry.item_types ?? []).includes('event')) continue;
      const rec = loadRecordedEvent(entry.file);
      if (rec.itemType !== 'event') continue;
      expectSame(rec.payload);
      const { event } = normalizeEvent(structuredClone(rec.payload), {
        projectId: 1,
        receivedAt: Date.now(),
        remoteAddr: '203.0.113.9',
        userAgent: rec.userAgent,
        itemType: 'event',
      });
      expectSame(event);
      expectSame(event, { enhancements: 'stack.function:main +app\nstack.module:node:* -group' });
      n++;
    }
    expect(n).toBeGreaterThan(20);
  });

  it('when project rules that test app: give another outcome on a second classifier pass', () => {
    // Pass 1: `b` is not in-app yet when the first rule looks at `a`'s caller; pass 2 sees it.
    const enhancements = '[ app:yes ] | stack.function:a -app\nstack.function:b +app';
    const event = {
      platform: 'python',
      exception: {
        values: [
          {
            type: 'E',
            value: 'v',
            stacktrace: {
              frames: [
                { function: 'b', module: 'm' },
                { function: 'a', module: 'm', in_app: true },
              ],
            },
          },
        ],
      },
    };
    expectSame(event, { enhancements });
  });

  it('with checksums, fingerprints and fingerprint rules with titles', () => {
    expectSame({ checksum: 'abc', message: 'hi' });
    expectSame({ fingerprint: ['{{ default }}', 'x'], exception: { values: [{ type: 'E', value: 'v' }] } });
    expectSame(
      { platform: 'javascript', exception: { values: [{ type: 'ChunkLoadError', value: 'Loading chunk 3 failed' }] } },
      { fingerprintingRules: 'error.type:ChunkLoadError -> chunks title="Chunk {{ error.value }}"' },
    );
  });
});
