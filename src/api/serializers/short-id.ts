/**
 * Issue short ids as Sentry shows them: `<PROJECT-SLUG>-<n in Crockford base32>`, e.g. `WEB-1A`
 * for the 42nd issue of project `web`. Decoding is case-insensitive and maps I/L→1, O→0.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function base32Encode(n: number): string {
  if (!Number.isSafeInteger(n) || n <= 0) return '0';
  let out = '';
  let v = n;
  while (v > 0) {
    out = ALPHABET[v % 32] + out;
    v = Math.floor(v / 32);
  }
  return out;
}

export function base32Decode(s: string): number | null {
  if (s.length === 0 || s.length > 10) return null;
  let n = 0;
  for (const ch of s.toUpperCase()) {
    const c = ch === 'I' || ch === 'L' ? '1' : ch === 'O' ? '0' : ch;
    const d = ALPHABET.indexOf(c);
    if (d < 0) return null;
    n = n * 32 + d;
  }
  return n;
}

export function formatShortId(projectSlug: string, shortId: number): string {
  return `${projectSlug.toUpperCase()}-${base32Encode(shortId)}`;
}

/** `WEB-1A` → {slug: 'WEB', shortId: 42}; the slug part is upper-cased (match it case-insensitively). */
export function decodeShortId(value: string): { slug: string; shortId: number } | null {
  const dash = value.lastIndexOf('-');
  if (dash <= 0 || dash === value.length - 1 || value.length > 120) return null;
  const shortId = base32Decode(value.slice(dash + 1));
  if (shortId === null || shortId === 0) return null;
  return { slug: value.slice(0, dash).toUpperCase(), shortId };
}
