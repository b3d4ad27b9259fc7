/**
 * URLs found in event data are attacker-controlled. They may become links only when they parse
 * as absolute http(s) URLs; everything else (javascript:, data:, vbscript:, relative) stays text.
 */
export function safeHttpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 4096) return null;
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
