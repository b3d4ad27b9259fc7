/** Builds a copy-pasteable cURL command from an event's `request` entry (values single-quoted for sh). */

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function pairs(v: unknown): [string, string][] {
  if (Array.isArray(v)) {
    return v
      .filter((p): p is unknown[] => Array.isArray(p) && p.length >= 2)
      .map((p) => [String(p[0]), String(p[1])] as [string, string])
      .slice(0, 200);
  }
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .slice(0, 200)
      .map(([k, val]) => [k, typeof val === 'string' ? val : JSON.stringify(val)]);
  }
  return [];
}

export function toCurl(req: Record<string, unknown>): string {
  const method = typeof req.method === 'string' ? req.method.toUpperCase() : 'GET';
  let url = typeof req.url === 'string' ? req.url : '';
  const qs = req.query ?? req.query_string;
  if (typeof qs === 'string' && qs) url += (url.includes('?') ? '&' : '?') + qs;
  else if (qs && typeof qs === 'object') {
    const p = new URLSearchParams(pairs(qs)).toString();
    if (p) url += (url.includes('?') ? '&' : '?') + p;
  }
  const parts = ['curl'];
  if (method !== 'GET') parts.push(`-X ${method}`);
  for (const [k, v] of pairs(req.headers)) parts.push(`-H ${shellQuote(`${k}: ${v}`)}`);
  const data = req.data;
  if (typeof data === 'string' && data) parts.push(`--data ${shellQuote(data)}`);
  else if (data && typeof data === 'object') parts.push(`--data ${shellQuote(JSON.stringify(data))}`);
  parts.push(shellQuote(url));
  return parts.join(' \\\n  ');
}
