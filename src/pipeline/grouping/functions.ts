/**
 * Platform families and function-name trimming (what Sentry stores as the frame's function name
 * when the SDK sent only a raw symbol). Native trimming drops argument lists, return types,
 * template arguments, C++ qualifiers and compiler decorations so names are stable across builds.
 */

export type BehaviorFamily = 'native' | 'javascript' | 'other';

export function behaviorFamily(platform: string | undefined): BehaviorFamily {
  switch (platform) {
    case 'objc':
    case 'cocoa':
    case 'swift':
    case 'native':
    case 'c':
      return 'native';
    case 'javascript':
    case 'node':
      return 'javascript';
    default:
      return 'other';
  }
}

const WINDECL_HASH = /^@?(.*?)@[0-9]+$/s;
const RUST_HASH = /::h[a-z0-9]{16}$/;
const GNU_VERSION = /@@?GLIBC_([0-9.]+)$/;
const CPP_TRAILER = /(\bconst\b|&)$/;
const RUST_BLANKET = /^([A-Z] as )/;
const LAMBDA = /\{lambda\(.*?\)#\d+\}|\blambda_[a-f0-9]{32}\b|\$_\d+\b/g;
const LAMBDA_START = /^(?:\{lambda\(.*?\)#\d+\}|\blambda_[a-f0-9]{32}\b|\$_\d+\b)/;
const ANON_NAMESPACE = /\?A0x[a-f0-9]{8}::/g;
const TOKEN_BREAK = /\s|[({<[]/;
const PAIRS: Record<string, string> = { '(': ')', '{': '}', '[': ']', '<': '>' };

type Replacement = (inner: string, start: number) => string;

/** Remove balanced `open…close` runs (depth-aware), replacing each outermost run via `repl`. */
function replaceEnclosed(s: string, open: string, close: string, repl: Replacement | string): string {
  if (!s.includes(open)) return s;
  let depth = 0;
  let pairStart = -1;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === open) {
      if (depth === 0) pairStart = i;
      depth++;
    } else if (ch === close) {
      depth--;
      if (depth === 0) out += typeof repl === 'string' ? repl : repl(s.slice(pairStart + 1, i), pairStart);
    } else if (depth === 0) {
      out += ch;
    }
  }
  return out;
}

/** Split on whitespace that is not inside brackets. */
function splitFuncTokens(s: string): string[] {
  if (s && !TOKEN_BREAK.test(s)) return [s];
  const out: string[] = [];
  let buf: string[] = [];
  const stack: string[] = [];
  let end = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const closer = PAIRS[ch];
    if (closer !== undefined) {
      stack.push(closer);
    } else if (stack.length > 0 && ch === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) {
        buf.push(s.slice(end, i + 1));
        end = i + 1;
      }
    } else if (stack.length === 0) {
      if (/\s/.test(ch)) {
        if (buf.length > 0) out.push(buf.join(''));
        buf = [];
      } else {
        buf.push(s.slice(end, i + 1));
      }
      end = i + 1;
    }
  }
  if (buf.length > 0) out.push(buf.join(''));
  return out;
}

function processGenerics(value: string, start: number): string {
  if (value === 'lambda' || LAMBDA_START.test(value)) return `<${value}>`;
  if (start > 0) return '<T>';
  const inner = replaceEnclosed(value.replace(RUST_BLANKET, ''), '<', '>', processGenerics);
  return inner.split(' as ', 1)[0] as string;
}

export function trimNativeFunctionName(input: string, platform: string | undefined, normalizeLambdas = true): string {
  if (input === '<redacted>' || input === '<unknown>') return input;
  let fn = input.trim();
  if (fn.startsWith('[') || fn.startsWith('+[') || fn.startsWith('-[')) return fn;

  fn = replaceEnclosed(fn, '[', ']', (v) => (v.startsWith('clone .') ? '' : `[${v}]`)).trimEnd();
  for (let m = CPP_TRAILER.exec(fn); m !== null; m = CPP_TRAILER.exec(fn)) fn = fn.slice(0, m.index).trimEnd();

  fn = fn
    .replaceAll('operator<<', 'operator⟨⟨')
    .replaceAll('operator<', 'operator⟨')
    .replaceAll('operator()', 'operator◯')
    .replaceAll('operator->', 'operator⟿')
    .replaceAll(' -> ', ' ⟿ ')
    .replaceAll("`anonymous namespace'", '〔anonymousnamespace〕');

  if (normalizeLambdas && (fn.includes('lambda') || fn.includes('$_'))) fn = fn.replace(LAMBDA, 'lambda');
  if (normalizeLambdas && fn.includes('?A0x')) fn = fn.replace(ANON_NAMESPACE, '〔anonymousnamespace〕::');

  fn = replaceEnclosed(fn, '(', ')', (v) => {
    const t = v.trim();
    return t === 'anonymous namespace' || t === 'operator' ? `(${t})` : '';
  });
  fn = replaceEnclosed(fn, '<', '>', processGenerics);

  const isThunk = fn.includes('thunk for ');
  const tokens = splitFuncTokens(fn);
  if (tokens.length > 1 && tokens[tokens.length - 1] === '<T>') {
    tokens.pop();
    tokens[tokens.length - 1] += ' <T>';
  }

  let funcToken: string | undefined;
  if (fn.includes('initialization expression of')) {
    const ofIdx = tokens.lastIndexOf('of');
    funcToken = tokens[ofIdx + 1];
    if (funcToken === 'static') funcToken = tokens[ofIdx + 2];
    if (funcToken?.startsWith(':')) funcToken = funcToken.slice(1);
    funcToken = `initializer expression of ${funcToken ?? ''}`;
  } else if (tokens.length > 0) {
    const arrow = tokens.lastIndexOf('⟿');
    if (arrow >= 1) {
      funcToken = tokens[arrow - 1];
      if (funcToken === 'throws' && arrow >= 2) funcToken = tokens[arrow - 2];
    } else {
      funcToken = tokens[tokens.length - 1];
    }
  }

  if (funcToken) {
    if (funcToken.startsWith('@') && (platform === 'cocoa' || platform === 'swift')) {
      funcToken = `${isThunk ? 'thunk for ' : ''}closure`;
    } else if (tokens.includes('closure') && funcToken !== 'closure') {
      funcToken = `closure in ${funcToken}`;
    }
    fn = funcToken
      .replaceAll('⟨', '<')
      .replaceAll('◯', '()')
      .replaceAll('⟿', '->')
      .replaceAll('〔anonymousnamespace〕', "`anonymous namespace'");
  } else {
    fn = input;
  }

  if (fn.includes('::h')) fn = fn.replace(RUST_HASH, '');
  if (fn.includes('@GLIBC_')) fn = fn.replace(GNU_VERSION, '');
  return fn.includes('@') ? fn.replace(WINDECL_HASH, '$1') : fn;
}

export function trimFunctionName(fn: string, platform: string | undefined): string {
  if (platform === 'csharp') return fn.split(' (', 1)[0] as string;
  if (behaviorFamily(platform) === 'native') return trimNativeFunctionName(fn, platform);
  return fn;
}

/** The function name Sentry uses for matching: raw `function` if a raw_function exists, else trimmed. */
export function functionNameForFrame(
  fn: string | undefined,
  rawFunction: string | undefined,
  platform: string | undefined,
): string | undefined {
  if (rawFunction) return fn;
  return fn ? trimFunctionName(fn, platform) : undefined;
}
