import { describe, expect, it } from 'vitest';
import { deriveTitleAndCulprit } from './index.js';

describe('deriveTitleAndCulprit', () => {
  it('titles errors as Type: first line of value and blames the last in-app frame', () => {
    const r = deriveTitleAndCulprit({
      platform: 'node',
      exception: {
        values: [
          {
            type: 'TypeError',
            value: "Cannot read properties of undefined (reading 'displayName')\n    at x",
            stacktrace: {
              frames: [
                { filename: '/app/lib/profile.js', module: 'profile', function: 'renderProfile', in_app: true },
                { filename: '/app/lib/format.js', module: 'format', function: 'formatName', in_app: true },
                { filename: 'node:internal/x', function: 'internal', in_app: false },
              ],
            },
          },
        ],
      },
    });
    expect(r.title).toBe("TypeError: Cannot read properties of undefined (reading 'displayName')");
    expect(r.culprit).toBe('formatName(format)');
  });

  it('uses the client culprit, then the transaction', () => {
    expect(deriveTitleAndCulprit({ culprit: 'c', transaction: 't', message: 'm' }).culprit).toBe('c');
    expect(deriveTitleAndCulprit({ transaction: 'GET /x', message: 'm' }).culprit).toBe('GET /x');
  });

  it('formats culprits per platform', () => {
    const frame = { module: 'app.views', function: 'index', in_app: true };
    const ev = (platform: string) => ({
      platform,
      exception: { values: [{ type: 'E', stacktrace: { frames: [frame] } }] },
    });
    expect(deriveTitleAndCulprit(ev('python')).culprit).toBe('app.views in index');
    expect(deriveTitleAndCulprit(ev('cocoa')).culprit).toBe('index');
  });

  it('titles messages by their first line (truncated) and empty events as unlabeled', () => {
    expect(deriveTitleAndCulprit({ message: 'User 123 not found\nmore' }).title).toBe('User 123 not found');
    expect(deriveTitleAndCulprit({ logentry: { message: 'x'.repeat(150) } }).title).toHaveLength(100);
    expect(deriveTitleAndCulprit({}).title).toBe('<unlabeled event>');
  });

  it('titles security reports', () => {
    expect(
      deriveTitleAndCulprit({ csp: { effective_directive: 'script-src', blocked_uri: 'https://evil.example/x.js' } })
        .title,
    ).toBe("Blocked 'script' from 'evil.example'");
    expect(deriveTitleAndCulprit({ expectct: { hostname: 'example.com' } }).title).toBe(
      "Expect-CT failed for 'example.com'",
    );
  });

  it('uses the type alone without a value and respects a rule title override', () => {
    expect(deriveTitleAndCulprit({ exception: { values: [{ type: 'Boom' }] } }).title).toBe('Boom');
    expect(deriveTitleAndCulprit({ message: 'x' }, { titleOverride: 'Custom' }).title).toBe('Custom');
  });
});
