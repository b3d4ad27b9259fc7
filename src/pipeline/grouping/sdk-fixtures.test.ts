/**
 * Grouping of real SDK traffic (recorded requests under ../shared/fixtures/sdk).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isRecord, type JsonRecord } from '../normalize/interfaces/index.js';
import { applyEnhancements, computeGrouping, deriveTitleAndCulprit } from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sdkDir = path.resolve(repoRoot, '../shared/fixtures/sdk');

function bodyText(recorded: JsonRecord): string {
  if (typeof recorded.body_text === 'string') return recorded.body_text;
  const raw = Buffer.from(String(recorded.body_base64 ?? ''), 'base64');
  if (raw[0] === 0x1f && raw[1] === 0x8b) return gunzipSync(raw).toString('utf8');
  try {
    return inflateSync(raw).toString('utf8');
  } catch {
    return raw.toString('utf8');
  }
}

/** The event payload of a recorded envelope (header, item header, payload) or store request. */
function loadEvent(file: string): JsonRecord {
  const recorded = JSON.parse(readFileSync(path.join(sdkDir, file), 'utf8')) as JsonRecord;
  const text = bodyText(recorded);
  if (recorded.kind !== 'envelope') return JSON.parse(text) as JsonRecord;
  const lines = text.split('\n');
  for (let i = 1; i + 1 < lines.length; i++) {
    const header = JSON.parse(lines[i] as string) as unknown;
    if (isRecord(header) && header.type === 'event') return JSON.parse(lines[i + 1] as string) as JsonRecord;
  }
  throw new Error(`no event item in ${file}`);
}

describe('grouping of recorded SDK events', () => {
  it('groups the same error thrown from the same line together and from another line apart', () => {
    const [a, b, c] = ['01', '02', '03'].map((n) =>
      computeGrouping(loadEvent(`node/same-error-repeated.${n}-event.json`)),
    );
    // 02 has one extra (system) node-internal caller frame, so its system hash differs, but the
    // primary (in-app) hash is shared: Sentry puts both in the group that owns that hash.
    expect(a?.primaryHash).toBe(b?.primaryHash);
    expect(b?.hashes).toContain(a?.primaryHash);
    expect(c?.primaryHash).not.toBe(a?.primaryHash);
    expect(c?.hashes.some((h) => a?.hashes.includes(h))).toBe(false);
    const app = a?.variants.find((v) => v.name === 'app');
    expect(app?.hash).not.toBeNull();
    expect(app?.contributingValues).toContain('RangeError');
  });

  it('node captureMessage with a synthetic stack groups by the in-app call site', () => {
    const e1 = loadEvent('node/message-variants.01-event.json');
    const e2 = loadEvent('node/message-variants.02-event.json');
    const g1 = computeGrouping(e1);
    const g2 = computeGrouping(e2);
    // Node 11 attaches the call-site stack to captureMessage as a synthetic exception. The stack
    // wins: the synthetic type and the message value do not contribute. The two messages are
    // captured on different lines (7 and 9) whose context lines contain the literal text, so by
    // Sentry's algorithm they are two groups even though the parameterized message is the same.
    expect(g1.primaryHash).not.toBe(g2.primaryHash);
    for (const g of [g1, g2]) {
      const app = g.variants.find((v) => v.name === 'app');
      expect(app?.hash).not.toBeNull();
      expect(app?.contributingValues).toContain('main');
      expect(g.variants.find((v) => v.name === 'default')?.hash).toBeNull();
    }
    // The same event re-sent groups identically.
    expect(computeGrouping(structuredClone(e1)).hashes).toEqual(g1.hashes);
  });

  it('python capture_message without a stack groups by the parameterized message', () => {
    const g1 = computeGrouping(loadEvent('python/message.01-store-event.json'));
    const g2 = computeGrouping(loadEvent('python/message.02-store-event.json'));
    expect(g1.primaryHash).toBe(g2.primaryHash);
    const def = g1.variants.find((v) => v.name === 'default');
    expect(def?.contributingValues).toEqual(['User <int> not found']);
  });

  it('hashes every exception of a cause chain', () => {
    const event = loadEvent('node/error-cause-chain.json');
    const g = computeGrouping(event);
    const contributing = g.variants.find((v) => v.hash !== null);
    expect(contributing?.component?.values[0]).toMatchObject({ id: 'chained-exception' });
    for (const type of ['PaymentDeclinedError', 'TypeError']) expect(contributing?.contributingValues).toContain(type);
    expect(deriveTitleAndCulprit(applyEnhancements(event)).title).toMatch(/^PaymentDeclinedError: /);
  });

  it('salts the default hash with extra fingerprint entries (rich-context)', () => {
    const event = loadEvent('node/rich-context.json');
    expect(event.fingerprint).toEqual(['payment-provider', '{{ default }}']);
    const g = computeGrouping(event);
    const salted = g.variants.filter((v) => v.type === 'salted_component' && v.hash !== null);
    expect(salted.length).toBeGreaterThan(0);
    expect(salted[0]?.contributingValues[0]).toBe('payment-provider');
    const plain = computeGrouping({ ...event, fingerprint: undefined });
    expect(plain.primaryHash).not.toBe(g.primaryHash);
  });

  it('marks node_modules and node internals out of app, keeps the SDK in_app for app code', () => {
    const event = applyEnhancements(loadEvent('node/typeerror-multifile.json'));
    const frames = ((event.exception as JsonRecord).values as JsonRecord[]).flatMap(
      (e) => ((e.stacktrace as JsonRecord | undefined)?.frames as JsonRecord[] | undefined) ?? [],
    );
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) {
      expect(typeof f.in_app).toBe('boolean');
      if (String(f.filename ?? '').includes('node_modules') || String(f.filename ?? '').startsWith('node:')) {
        expect(f.in_app).toBe(false);
      }
    }
    expect(frames.some((f) => f.in_app === true)).toBe(true);
  });
});
