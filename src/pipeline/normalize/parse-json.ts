/**
 * Parses an event payload. Python SDKs serialize float('nan') / float('inf') as the bare tokens
 * `NaN`, `Infinity`, `-Infinity` (invalid JSON that Sentry accepts): when plain JSON.parse fails,
 * those tokens outside strings are replaced by `null` and parsing is retried. Throws SyntaxError
 * when the text is not JSON even then.
 */
export function parseEventJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    if (!/NaN|Infinity/.test(text)) throw err;
    return JSON.parse(replaceNonFiniteTokens(text)) as unknown;
  }
}

/** Replaces NaN/Infinity/-Infinity tokens that are outside JSON strings with `null`. */
export function replaceNonFiniteTokens(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    let len = 0;
    if (c === 78 && text.startsWith('NaN', i)) len = 3;
    else if (c === 73 && text.startsWith('Infinity', i)) len = 8;
    else if (c === 45 && text.startsWith('-Infinity', i)) len = 9;
    if (len > 0) {
      out += text.slice(last, i) + 'null';
      last = i + len;
      i += len - 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}
