/**
 * Message normalization for grouping: keep the first two non-blank lines, then replace variable
 * parts (emails, URLs, hosts, IPs, UUIDs, hashes, dates, durations, hex, numbers, quoted values)
 * with placeholders such as `<int>`. One left-to-right pass over a single alternation, tried in
 * the order below, the same precedence Sentry uses.
 */

const TLDS =
  'com|net|org|jp|de|uk|fr|br|it|ru|es|me|gov|pl|ca|au|cn|co|in|nl|edu|info|eu|ch|id|at|kr|cz|mx|be|tv|se|tr|tw|al|ua|ir|vn|cl|sk|ly|cc|to|no|fi|us|pt|dk|ar|hu|tk|gr|il|news|ro|my|biz|ie|za|nz|sg|ee|th|io|xyz|pe|bg|hk|rs|lt|link|ph|club|si|site|mobi|by|cat|wiki|la|ga|xxx|cf|hr|ng|jobs|online|kz|ug|gq|ae|is|lv|pro|fm|tips|ms|sa|app';

const OCTET = '(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])';
const IPV4 = `(?:${OCTET}\\.){3}${OCTET}`;
const H = '[0-9a-fA-F]{1,4}';
const IPV6 = [
  `(?:${H}:){7}${H}`,
  `(?:${H}:){1,7}:`,
  `(?:${H}:){1,6}:${H}`,
  `(?:${H}:){1,5}(?::${H}){1,2}`,
  `(?:${H}:){1,4}(?::${H}){1,3}`,
  `(?:${H}:){1,3}(?::${H}){1,4}`,
  `(?:${H}:){1,2}(?::${H}){1,5}`,
  `${H}:(?:(?::${H}){1,6})`,
  `:(?:(?::${H}){1,7}|:)`,
  'fe80:(?::[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]+',
  `::(?:ffff(?::0{1,4})?:)?${IPV4}`,
  `(?:${H}:){1,4}:${IPV4}\\b`,
].join('|');

const MON = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DAY = '(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)';
const ZONE = '(?:[-+]\\d{2}[0-5]\\d|UT|GMT|[ECMP][SD]T|[A-IK-Z])';
const DATE = [
  `${DAY},\\s\\d{1,2}\\s${MON}\\s\\d{2,4}\\s\\d{1,2}:\\d{1,2}(?::\\d{1,2})?\\s${ZONE}`,
  `(?:${DAY}\\s)?${MON}\\s[0-3]\\d,\\s\\d{2,4}`,
  `(?:Sun|Sunday|Mon|Monday|Tue|Tuesday|Wed|Wednesday|Thu|Thursday|Fri|Friday|Sat|Saturday),\\s\\d{2}-${MON}-\\d{2}\\s\\d{2}:\\d{2}:\\d{2}\\s(?:UT|GMT|[ECMP][SD]T|[A-IK-Z])`,
  '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z?(?:[+-]?\\d{2}:\\d{2})?',
  `${DAY}\\s${MON}\\s\\d{2}\\s\\d{4}\\s\\d{2}:\\d{2}:\\d{2}\\sGMT[+-]\\d{4}(?:\\s\\([^)]+\\))?`,
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d\\.\\d+(?:[+-][0-2]\\d:?[0-5]\\d|Z)',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d(?:[+-][0-2]\\d:?[0-5]\\d|Z)',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d(?:[+-][0-2]\\d:?[0-5]\\d|Z)',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d\\.\\d+',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d',
  '(?<!\\d)(?:[1-9]|1[0-2]):[0-5]\\d(?::[0-5]\\d)?(?![\\d:])(?:\\s?[aApP][Mm])?',
  '(?<!\\d)(?:0?\\d|1\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?![\\d:])',
  '\\d{4}-[01]\\d-[0-3]\\d',
  '[0-2]\\d:[0-5]\\d:[0-5]\\d',
  `\\b(?:${DAY}\\s+)?${MON}\\s+\\d{1,2}\\s+\\d{2}:\\d{2}:\\d{2}\\s+\\d{4}`,
  `\\b(?:${DAY},\\s+)?(?:0[1-9]|[1-2]?\\d|3[01])\\s+${MON}\\s+(?:19\\d{2}|[2-9]\\d{3})\\s+(?:2[0-3]|[0-1]\\d):[0-5]\\d(?::(?:60|[0-5]\\d))?\\s+${ZONE}`,
  'datetime\\.datetime\\(.*?\\)',
].join('|');

/** [placeholder name, pattern] in precedence order. */
const PATTERNS: ReadonlyArray<readonly [string, string]> = [
  // The lookbehinds only skip starts inside a run that already failed to match at its first
  // character (same result, but linear instead of quadratic time on hostile input).
  ['email', "(?<![a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-])[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*"],
  ['url', '\\b(?:wss?|https?|ftp)://[^\\s/$.?#].[^\\s]*'],
  ['hostname', `(?<![a-zA-Z0-9-]\\.)\\b(?:[a-zA-Z0-9-]{1,63}\\.)+?(?:${TLDS.toUpperCase()}|${TLDS})\\b`],
  ['ip', `(?<![0-9a-zA-Z_])(?:${IPV6})(?![0-9a-zA-Z])|\\b${IPV4}\\b`],
  ['uuid', '\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b'],
  ['sha1', '\\b[0-9a-fA-F]{40}\\b'],
  ['md5', '\\b[0-9a-fA-F]{32}\\b'],
  ['date', DATE],
  ['duration', '\\b\\d+ms|\\d+(?:\\.\\d+)?s\\b'],
  ['hex', '\\b0[xX][0-9a-fA-F]+\\b'],
  ['float', '-\\d+\\.\\d+\\b|\\b\\d+\\.\\d+\\b'],
  ['int', '(?:\\b|(?<!\\w)-)\\d+\\b'],
  ['quoted_str', `(?<==)(?:'[^']+'|"[^"]+")`],
  ['bool', '(?<==)(?:True|true|False|false)'],
];

const NAMES = PATTERNS.map(([name]) => name);
const COMBINED = new RegExp(PATTERNS.map(([name, re]) => `(?<${name}>${re})`).join('|'), 'g');
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

function replaceMatch(...args: unknown[]): string {
  const groups = args[args.length - 1] as Record<string, string | undefined>;
  for (const name of NAMES) {
    if (groups[name] !== undefined) return `<${name}>`;
  }
  return '';
}

/** First two non-blank lines joined with `\n`, plus `...` if anything was cut. */
export function trimMessage(message: string): string {
  if (!LINE_BREAK.test(message)) return message.trim() !== '' || message === '' ? message : '...';
  const kept: string[] = [];
  for (const line of message.split(LINE_BREAK)) {
    if (line.trim() === '') continue;
    kept.push(line);
    if (kept.length === 2) break;
  }
  const trimmed = kept.join('\n');
  return trimmed === message ? trimmed : `${trimmed}...`;
}

/** Replace variable values with placeholders, without trimming. */
export function parameterize(message: string): string {
  COMBINED.lastIndex = 0;
  return message.replace(COMBINED, replaceMatch);
}

/** Sentry's `normalize_message_for_grouping`: trim to two lines, then parameterize. */
export function normalizeMessageForGrouping(message: string): string {
  return parameterize(trimMessage(message));
}
