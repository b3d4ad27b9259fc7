import { describe, expect, it } from 'vitest';
import { parseLinkHeader } from './link-header.js';

describe('parseLinkHeader', () => {
  it("parses Sentry's Link header", () => {
    const h =
      '<http://x/api/0/organizations/o/issues/?cursor=100:0:1>; rel="previous"; results="false"; cursor="100:0:1", ' +
      '<http://x/api/0/organizations/o/issues/?cursor=100:25:0>; rel="next"; results="true"; cursor="100:25:0"';
    const l = parseLinkHeader(h);
    expect(l.previous).toMatchObject({ cursor: '100:0:1', results: false });
    expect(l.next).toMatchObject({ cursor: '100:25:0', results: true });
  });

  it('tolerates garbage', () => {
    expect(parseLinkHeader(null)).toEqual({});
    expect(parseLinkHeader('nonsense, <>; rel=x')).toEqual({});
  });
});
