/**
 * Sentry's legacy-browser subfilters. `true` enables the current (non-deprecated) set; a list
 * picks subfilters by name, deprecated names included. Versions compare on the major version of
 * the browser parsed from the event's User-Agent.
 */
type Rule = { families: readonly string[]; max: number; min?: number };

const IE = ['IE', 'IE Mobile'];
const SAFARI = ['Safari', 'Mobile Safari'];
const OPERA = ['Opera', 'Opera Mobile'];

export const LEGACY_BROWSER_RULES: Readonly<Record<string, Rule>> = {
  ie: { families: IE, max: 11 },
  edge: { families: ['Edge', 'Edge Mobile'], max: 110 },
  safari: { families: SAFARI, max: 15 },
  firefox: { families: ['Firefox', 'Firefox Mobile', 'Firefox iOS'], max: 110 },
  chrome: { families: ['Chrome', 'Chrome Mobile', 'Chrome Mobile iOS', 'Chrome Mobile WebView'], max: 110 },
  opera: { families: OPERA, max: 99 },
  opera_mini: { families: ['Opera Mini'], max: 34 },
  android: { families: ['Android'], max: 3 },
  // Deprecated subfilters, still honoured when a project lists them.
  ie_pre_9: { families: IE, max: 8 },
  ie9: { families: IE, min: 9, max: 9 },
  ie10: { families: IE, min: 10, max: 10 },
  ie11: { families: IE, min: 11, max: 11 },
  edge_pre_79: { families: ['Edge'], max: 18 },
  safari_pre_6: { families: SAFARI, max: 5 },
  opera_pre_15: { families: OPERA, max: 14 },
  opera_mini_pre_8: { families: ['Opera Mini'], max: 7 },
  android_pre_4: { families: ['Android'], max: 3 },
};

export const DEFAULT_LEGACY_BROWSERS = ['ie', 'edge', 'safari', 'firefox', 'chrome', 'opera', 'opera_mini', 'android'];

export function isLegacyBrowser(name: string, version: string | undefined, subfilters: readonly string[]): boolean {
  const major = version === undefined ? Number.NaN : Number.parseInt(version, 10);
  if (!Number.isFinite(major)) return false;
  for (const sub of subfilters) {
    for (const id of sub === 'default' ? DEFAULT_LEGACY_BROWSERS : [sub]) {
      const r = Object.hasOwn(LEGACY_BROWSER_RULES, id) ? LEGACY_BROWSER_RULES[id] : undefined;
      if (r?.families.includes(name) && major <= r.max && major >= (r.min ?? 0)) return true;
    }
  }
  return false;
}
