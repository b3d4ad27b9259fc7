import { describe, expect, it } from 'vitest';
import { canonicalizeInterfaces } from '../../normalize/interfaces/index.js';
import { computeGrouping, hashValues } from '../index.js';
import { buildEventModel } from '../model.js';
import { fingerprintKind, parseFingerprintRules, resolveEventFingerprint, resolveFingerprint } from './index.js';

function model(event: Record<string, unknown>) {
  const m = buildEventModel(canonicalizeInterfaces(event));
  for (const { stacktrace } of m.allStacktraces) for (const f of stacktrace.frames) f.inApp ??= false;
  return m;
}

const event = {
  platform: 'python',
  transaction: '/checkout',
  level: 'error',
  logger: 'payments',
  tags: [
    ['region', 'eu'],
    ['tier', 'gold'],
  ],
  exception: {
    values: [
      {
        type: 'ValueError',
        value: 'bad card 42',
        stacktrace: {
          frames: [
            { function: 'outer', module: 'app.main', filename: 'app/main.py', in_app: true, package: '/srv/app' },
            { function: 'charge', module: 'stripe.api', filename: 'stripe/api.py', in_app: false },
          ],
        },
      },
    ],
  },
};

describe('fingerprint variables', () => {
  it('resolves the documented variables', () => {
    const resolved = resolveFingerprint(
      [
        '{{ default }}',
        '{{transaction}}',
        '{{ type }}',
        '{{ error.type }}',
        '{{ error.value }}',
        '{{ function }}',
        '{{ module }}',
        '{{ package }}',
        '{{ message }}',
        '{{ level }}',
        '{{ logger }}',
        '{{ tags.tier }}',
        '{{ tags.missing }}',
        '{{ unknown_thing }}',
        'literal',
      ],
      model(event),
    );
    expect(resolved).toEqual([
      '{{ default }}',
      '/checkout',
      'ValueError',
      'ValueError',
      'bad card 42',
      'outer',
      'app.main',
      'app',
      'bad card 42',
      'error',
      'payments',
      'gold',
      '<no-value-for-tag-missing>',
      '{{ unknown_thing }}',
      'literal',
    ]);
  });

  it('uses placeholders when data is missing', () => {
    expect(resolveFingerprint(['{{ transaction }}', '{{ type }}', '{{ function }}'], model({}))).toEqual([
      '<no-transaction>',
      '<no-type>',
      '<no-function>',
    ]);
  });

  it('classifies fingerprints', () => {
    expect(fingerprintKind(['{{ default }}'])).toBe('default');
    expect(fingerprintKind(['{{default}}', 'x'])).toBe('hybrid');
    expect(fingerprintKind(['x'])).toBe('custom');
  });
});

describe('fingerprint rules', () => {
  it('parses the text syntax with quoting and a title attribute', () => {
    const [rule] = parseFingerprintRules(
      'error.type:"ValueError" tags.tier:gold -> card, "{{ error.value }}" title="Card: {{ type }}"',
    );
    expect(rule?.fingerprint).toEqual(['card', '{{ error.value }}']);
    expect(rule?.attributes.title).toBe('Card: {{ type }}');
  });

  it('project rules win over the client fingerprint; title templates expand', () => {
    const rules = parseFingerprintRules('error.type:ValueError -> card title="Card: {{ type }}"');
    const res = resolveEventFingerprint(model({ ...event, fingerprint: ['client'] }), rules);
    expect(res.fingerprint).toEqual(['card']);
    const g = computeGrouping(
      { ...event, fingerprint: ['client'] },
      { fingerprintingRules: rules.map((r) => r.text).join('\n') },
    );
    expect(g.hashes).toEqual([hashValues(['card'])]);
    expect(g.titleOverride).toBe('Card: ValueError');
  });

  it('matches frames, messages (case-insensitive) and tags', () => {
    const m = model({ ...event, logentry: { formatted: 'Hello LOVE' } });
    for (const text of [
      'module:"stripe.*" -> x',
      'message:"*love*" -> x',
      'tags.region:e? -> x',
      'app:yes function:outer -> x',
    ]) {
      expect(resolveEventFingerprint(m, parseFingerprintRules(text)).matchedRule).toBeDefined();
    }
    expect(resolveEventFingerprint(m, parseFingerprintRules('module:"nope.*" -> x')).matchedRule).toBeUndefined();
  });

  it('applies the built-in ChunkLoadError rule to JavaScript events', () => {
    const g = computeGrouping({
      platform: 'javascript',
      exception: { values: [{ type: 'ChunkLoadError', value: 'x' }] },
    });
    expect(g.variants.find((v) => v.type === 'built_in_fingerprint')?.hash).toBe(hashValues(['chunkloaderror']));
  });

  it('salts hybrid fingerprints with every default occurrence', () => {
    const base = computeGrouping({ exception: { values: [{ type: 'E', value: 'v' }] } });
    const salted = computeGrouping({
      exception: { values: [{ type: 'E', value: 'v' }] },
      fingerprint: ['{{ default }}', 'x'],
    });
    const app = base.variants.find((v) => v.name === 'app');
    expect(salted.primaryHash).toBe(hashValues([...(app?.contributingValues ?? []), 'x']));
  });
});
