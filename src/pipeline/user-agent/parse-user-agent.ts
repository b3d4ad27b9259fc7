/**
 * A small User-Agent parser for the browsers, operating systems, devices and crawlers that
 * matter for error events. Names follow the families Sentry shows (the uap-core families Relay
 * uses: "Chrome", "Chrome Mobile", "Mobile Safari", "IE", "Mac OS X", "iOS", ...); versions are
 * `major.minor.patch` with missing parts left out. Written from scratch on purpose: the popular
 * parser on npm is AGPL-licensed in current versions.
 */

export type UserAgentInfo = {
  browser?: { name: string; version?: string };
  os?: { name: string; version?: string };
  device?: { family: string; model?: string; brand?: string };
  /** True for crawlers, link expanders and uptime monitors (see web-crawlers filter). */
  isBot: boolean;
};

type BrowserRule = { re: RegExp; name: string; versionFrom?: RegExp };

/** Bots first: many crawler UAs also contain "Chrome" or "Safari". */
export const BOT_RE =
  /bot\b|bot[/\s);_-]|spider|crawl|slurp|mediapartners-google|adsbot-google|feedfetcher-google|google-(?:read-aloud|inspectiontool|safety|extended|adwords)|googleother|storebot-google|bingpreview|baiduspider|yandex(?:bot|images|metrika)|sogou|exabot|facebookexternalhit|facebookcatalog|ia_archiver|archive\.org_bot|duckduckgo|petalbot|semrush|ahrefs|mj12bot|dotbot|rogerbot|applebot|twitterbot|linkedinbot|pinterest|discordbot|telegrambot|whatsapp|slack-imgproxy|slackbot|embedly|quora link preview|redditbot|lighthouse|pingdom|uptimerobot|statuscake|site24x7|newrelicpinger|datadog.*synthetics|headlesschrome.*(?:prerender|rendertron)|phantomjs|calypso appcrawler|lyticsbot|gptbot|chatgpt-user|claudebot|anthropic-ai|ccbot|bytespider|amazonbot|perplexitybot/i;

const BOT_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/Googlebot(?:-\w+)?\/(\d+)(?:\.(\d+))?/, 'Googlebot'],
  [/bingbot\/(\d+)(?:\.(\d+))?/i, 'BingBot'],
  [/YandexBot\/(\d+)(?:\.(\d+))?/, 'YandexBot'],
  [/Baiduspider(?:-\w+)?\/(\d+)(?:\.(\d+))?/, 'Baiduspider'],
  [/DuckDuckBot\/(\d+)(?:\.(\d+))?/, 'DuckDuckBot'],
  [/Applebot\/(\d+)(?:\.(\d+))?/, 'Applebot'],
  [/facebookexternalhit\/(\d+)(?:\.(\d+))?/, 'FacebookBot'],
  [/Twitterbot\/(\d+)(?:\.(\d+))?/, 'TwitterBot'],
];

const BROWSERS: readonly BrowserRule[] = [
  { re: /Electron\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Electron' },
  { re: /HeadlessChrome\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'HeadlessChrome' },
  { re: /Opera Mini\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Opera Mini' },
  { re: /OPiOS\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Opera Mini' },
  { re: /Opera Mobi.*?Version\/(\d+)(?:\.(\d+))?/, name: 'Opera Mobile' },
  { re: /OPR\/(\d+)(?:\.(\d+))?(?:\.(\d+))?.*Mobile/, name: 'Opera Mobile' },
  { re: /OPR\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Opera' },
  { re: /Opera[/ ](\d+)(?:\.(\d+))?/, name: 'Opera', versionFrom: /Version\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/ },
  { re: /EdgA\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Edge Mobile' },
  { re: /EdgiOS\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Edge Mobile' },
  { re: /Edge?\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Edge' },
  { re: /SamsungBrowser\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Samsung Internet' },
  { re: /YaBrowser\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Yandex Browser' },
  { re: /UC ?Browser\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'UC Browser' },
  { re: /Vivaldi\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Vivaldi' },
  { re: /FxiOS\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Firefox iOS' },
  { re: /(?:Mobile|Tablet);.*Firefox\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Firefox Mobile' },
  { re: /Firefox\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Firefox' },
  { re: /CriOS\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Chrome Mobile iOS' },
  { re: /; wv\).*Chrome\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Chrome Mobile WebView' },
  { re: /Chrome\/(\d+)(?:\.(\d+))?(?:\.(\d+))?.*Mobile/, name: 'Chrome Mobile' },
  { re: /Chrome\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Chrome' },
  { re: /Chromium\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, name: 'Chromium' },
  { re: /IEMobile[/ ](\d+)(?:\.(\d+))?/, name: 'IE Mobile' },
  { re: /MSIE (\d+)(?:\.(\d+))?/, name: 'IE' },
  { re: /Trident\/\d+.*rv:(\d+)(?:\.(\d+))?/, name: 'IE' },
  { re: /Android[ /]?(\d+)(?:\.(\d+))?(?:\.(\d+))?.*Version\/\d+(?:\.\d+)?.*Safari/, name: 'Android' },
  { re: /(?:iPhone|iPad|iPod).*Version\/(\d+)(?:\.(\d+))?(?:\.(\d+))?.*Safari/, name: 'Mobile Safari' },
  { re: /(?:iPhone|iPad|iPod).*OS (\d+)_(\d+)(?:_(\d+))?.*AppleWebKit/, name: 'Mobile Safari UI/WKWebView' },
  { re: /Version\/(\d+)(?:\.(\d+))?(?:\.(\d+))?.*Safari\//, name: 'Safari' },
];

const WINDOWS_NT: Readonly<Record<string, string>> = {
  '10.0': '10',
  '6.4': '10',
  '6.3': '8.1',
  '6.2': '8',
  '6.1': '7',
  '6.0': 'Vista',
  '5.2': 'XP',
  '5.1': 'XP',
  '5.01': '2000',
  '5.0': '2000',
};

function version(m: RegExpExecArray | null): string | undefined {
  if (m === null || m[1] === undefined) return undefined;
  let v = String(Number(m[1]));
  if (m[2] !== undefined) v += '.' + String(Number(m[2]));
  if (m[2] !== undefined && m[3] !== undefined) v += '.' + String(Number(m[3]));
  return v;
}

function parseBrowser(ua: string, isBot: boolean): UserAgentInfo['browser'] {
  if (isBot) {
    for (const [re, name] of BOT_NAMES) {
      const m = re.exec(ua);
      if (m !== null) {
        const v = version(m);
        return v === undefined ? { name } : { name, version: v };
      }
    }
  }
  for (const rule of BROWSERS) {
    const m = rule.re.exec(ua);
    if (m === null) continue;
    const v = rule.versionFrom === undefined ? version(m) : (version(rule.versionFrom.exec(ua)) ?? version(m));
    return v === undefined ? { name: rule.name } : { name: rule.name, version: v };
  }
  return undefined;
}

function parseOs(ua: string): UserAgentInfo['os'] {
  let m = /Windows Phone(?: OS)? (\d+)(?:\.(\d+))?/.exec(ua);
  if (m !== null) return withVersion('Windows Phone', version(m));
  m = /Windows NT (\d+\.\d+)/.exec(ua);
  if (m !== null) return withVersion('Windows', WINDOWS_NT[m[1] ?? ''] ?? m[1]);
  if (/Windows/.test(ua)) return { name: 'Windows' };
  m = /(?:iPhone|iPad|iPod|CPU) ?(?:iPhone )?OS (\d+)[_.](\d+)(?:[_.](\d+))?/.exec(ua);
  if (m !== null) return withVersion('iOS', version(m));
  m = /Mac OS X (\d+)[_.](\d+)(?:[_.](\d+))?/.exec(ua);
  if (m !== null) return withVersion('Mac OS X', version(m));
  if (/Macintosh|Mac OS X/.test(ua)) return { name: 'Mac OS X' };
  m = /Android[ /]?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(ua);
  if (m !== null) return withVersion('Android', version(m));
  if (/Android/.test(ua)) return { name: 'Android' };
  m = /CrOS [\w-]+ (\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(ua);
  if (m !== null) return withVersion('Chrome OS', version(m));
  m = /Ubuntu(?:[/ ](\d+)(?:\.(\d+))?)?/.exec(ua);
  if (m !== null) return withVersion('Ubuntu', version(m));
  m = /Fedora(?:[/ ](\d+))?/.exec(ua);
  if (m !== null) return withVersion('Fedora', version(m));
  m = /(FreeBSD|OpenBSD|NetBSD)/.exec(ua);
  if (m !== null && m[1] !== undefined) return { name: m[1] };
  if (/Linux|X11/.test(ua)) return { name: 'Linux' };
  return undefined;
}

function withVersion(name: string, v: string | undefined): { name: string; version?: string } {
  return v === undefined ? { name } : { name, version: v };
}

const ANDROID_BRANDS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:SM-|GT-|SAMSUNG|SCH-|SGH-|SHV-)/i, 'Samsung'],
  [/^(?:Pixel|Nexus)/, 'Google'],
  [/^(?:Redmi|Mi |MI |M2\d{3}|POCO)/, 'XiaoMi'],
  [/^(?:HUAWEI|Huawei|HONOR|[A-Z]{3}-(?:L|AL|TL)\d\d)/, 'Huawei'],
  [/^(?:moto|Moto|XT\d{4})/, 'Motorola'],
  [/^(?:ONEPLUS|OnePlus|IN20|KB20|LE21)/, 'OnePlus'],
  [/^(?:LG-|LM-)/, 'LG'],
  [/^(?:CPH|OPPO)/, 'Oppo'],
  [/^(?:vivo|V\d{4})/, 'vivo'],
  [/^(?:Nokia|TA-\d{4})/, 'Nokia'],
  [/^(?:SonyEricsson|Sony|[CDEFG]\d{4}|SO-\d\d)/, 'Sony'],
];

function parseDevice(ua: string, isBot: boolean): UserAgentInfo['device'] {
  if (isBot) return { family: 'Spider', brand: 'Spider', model: /Mobile/.test(ua) ? 'Smartphone' : 'Desktop' };
  const apple = /\b(iPhone|iPad|iPod)\b/.exec(ua);
  if (apple !== null && apple[1] !== undefined) return { family: apple[1], brand: 'Apple', model: apple[1] };
  if (/Macintosh/.test(ua)) return { family: 'Mac', brand: 'Apple', model: 'Mac' };
  const android = /Android[^;)]*;(?:\s*[a-z]{2}[-_][a-z]{2};)?\s*([^;)]+?)(?:\s+Build\/[^;)]*)?\s*[;)]/i.exec(ua);
  if (android !== null && android[1] !== undefined) {
    const model = android[1].trim();
    if (model === '' || model === 'wv' || model === 'Mobile' || model === 'K') {
      return model === 'K' ? { family: 'K', model: 'K' } : undefined;
    }
    for (const [re, brand] of ANDROID_BRANDS) {
      if (re.test(model)) return { family: `${brand} ${model}`, brand, model };
    }
    return { family: model, model };
  }
  return undefined;
}

const CACHE_LIMIT = 512;
const cache = new Map<string, UserAgentInfo>();

/** Parses a User-Agent header (results are cached: UA strings repeat across events). */
export function parseUserAgent(userAgent: string): UserAgentInfo {
  const ua = userAgent.length > 512 ? userAgent.slice(0, 512) : userAgent;
  const hit = cache.get(ua);
  if (hit !== undefined) return hit;
  const isBot = BOT_RE.test(ua);
  const info: UserAgentInfo = { isBot };
  const browser = parseBrowser(ua, isBot);
  if (browser !== undefined) info.browser = browser;
  const os = parseOs(ua);
  if (os !== undefined) info.os = os;
  const device = parseDevice(ua, isBot);
  if (device !== undefined) info.device = device;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(ua, info);
  return info;
}

/** True for UAs of real browsers (as opposed to SDK/transport UAs like `sentry.javascript.node/11`). */
export function looksLikeBrowserUserAgent(userAgent: string): boolean {
  return /^Mozilla\/|^Opera\//.test(userAgent);
}
