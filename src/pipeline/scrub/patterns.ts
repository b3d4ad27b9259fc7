/**
 * Value patterns Sentry's default data scrubbing removes from any string it scrubs: credit card
 * numbers (issuer prefix + Luhn check), PEM private keys, bearer tokens, passwords in URLs
 * (`scheme://user:pass@`), US social security numbers and `key=value` pairs whose key is
 * sensitive. Each pattern has a cheap prefilter so most strings cost one or two `indexOf`s.
 */

export const FILTERED = '[Filtered]';

const PEM = /-----BEGIN[A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END[A-Z ]*PRIVATE KEY-----|$)/g;
const URL_AUTH = /\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/g;
const BEARER = /\b([Bb]earer\s+)[A-Za-z0-9._~+/-]{4,}=*/g;
const CARD = /(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d])/g;
const SSN = /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g;
const DIGIT_RUN = /\d{4}/;

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes and lengths of the major card networks (as Relay's credit card rule). */
function looksLikeCard(digits: string): boolean {
  const n = digits.length;
  if (n < 13 || n > 19) return false;
  const ok =
    (/^4/.test(digits) && (n === 13 || n === 16 || n === 19)) ||
    (/^(?:5[1-5]|2[2-7])/.test(digits) && n === 16) ||
    (/^3[47]/.test(digits) && n === 15) ||
    (/^(?:6011|65|64[4-9]|622)/.test(digits) && n >= 16) ||
    (/^35/.test(digits) && n >= 16) ||
    (/^3(?:0[0-5]|[68])/.test(digits) && n >= 14);
  return ok && luhn(digits);
}

/**
 * Builds the scrubber for `key=value` pairs inside strings (query strings, form bodies, log
 * lines) from the sensitive-key regex source.
 */
export function keyValuePattern(sensitiveSource: string): RegExp {
  return new RegExp(`((?:^|[?&;,\\s"'])[\\w.\\-\\[\\]]*(?:${sensitiveSource})[\\w.\\-\\[\\]]*=)[^\\s&#;,"']+`, 'gi');
}

/** Replaces every sensitive value pattern in `s`; returns `s` itself when nothing matched. */
export function scrubString(s: string, keyValue: RegExp | null): string {
  if (s.length < 8) return s;
  let out = s;
  if (out.includes('PRIVATE KEY-----')) out = out.replace(PEM, FILTERED);
  if (out.includes('://') && out.includes('@')) out = out.replace(URL_AUTH, `$1${FILTERED}@`);
  if (out.includes('earer')) out = out.replace(BEARER, `$1${FILTERED}`);
  if (DIGIT_RUN.test(out)) {
    out = out.replace(CARD, (m) => (looksLikeCard(m.replace(/[ -]/g, '')) ? FILTERED : m));
    if (out.includes('-')) out = out.replace(SSN, FILTERED);
  }
  if (keyValue !== null && out.includes('=')) out = out.replace(keyValue, `$1${FILTERED}`);
  return out;
}

const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])/g;
const IPV6 = /(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])/g;

/** Replaces IPv4/IPv6 addresses with `[ip]` (Relay's `@ip:replace`). */
export function scrubIps(s: string): string {
  let out = s;
  if (out.includes('.')) out = out.replace(IPV4, '[ip]');
  if (out.includes('::') || /[0-9a-fA-F]:[0-9a-fA-F]/.test(out)) {
    out = out.replace(IPV6, (m) => (m.includes('::') || m.split(':').length === 8 ? '[ip]' : m));
  }
  return out;
}
