/**
 * Frame component: module, filename, function and (for platforms with trustworthy sources)
 * context-line, each with the platform-specific clean-up rules of newstyle:2023-01-11.
 */
import { GroupingComponent } from '../../component.js';
import { behaviorFamily, trimFunctionName } from '../../functions.js';
import type { FrameModel } from '../../model.js';

const CONTEXT_LINE_PLATFORMS = new Set(['javascript', 'node', 'python', 'php', 'ruby']);
const WHITESPACE_RUN = /\s+/g;
/** Whitespace that collapsing would change: anything but a single plain space. */
const ODD_WHITESPACE = /[^\S ]| {2}/;
const RUBY_ERB = /__\d{4,}_\d{4,}$/;
const JAVA_REFLECT = /(sun\.reflect\.Generated(?:Serialization)?ConstructorAccessor)\d+/g;
const JAVA_CGLIB = /(\$\$[\w_]+?CGLIB\$\$)[a-fA-F0-9]+(_[0-9]+)?/g;
const JAVASSIST = /(\$\$_javassist)(?:_seam)?(?:_[0-9]+)?/g;
const CLOJURE = /(\$fn__)\d+/g;
const ENHANCER_BY = /(\$\$?EnhancerBy[\w_]+?\$?\$)[a-fA-F0-9]+(_[0-9]+)?/g;
const FAST_CLASS_BY = /(\$\$?FastClassBy[\w_]+?\$?\$)[a-fA-F0-9]+(_[0-9]+)?/g;
const HIBERNATE_PROXY = /(\$\$?HibernateProxy\$?\$)\w+(_[0-9]+)?/g;
const JS_UNKNOWN_FUNCTIONS = new Set(['?', '<anonymous function>', '<anonymous>', 'Anonymous function']);
const JS_LOW_QUALITY_PATHS = new Set(['[native code]', 'native code', 'eval code', '<anonymous>']);

/** Sentry's `has_url_origin`: web URLs always count; `file:` only when `filesCountAsUrls`. */
export function hasUrlOrigin(path: string | undefined, filesCountAsUrls: boolean): boolean {
  if (!path) return false;
  if (
    path.startsWith('http:') ||
    path.startsWith('https:') ||
    path.startsWith('applewebdata:') ||
    path.startsWith('blob:')
  ) {
    return true;
  }
  return path.startsWith('file:') && filesCountAsUrls;
}

function filenameComponent(frame: FrameModel, platform: string | undefined): GroupingComponent {
  if (frame.filename === undefined) return new GroupingComponent('filename');
  const name = frame.filename;
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  const filename = (cut >= 0 ? name.slice(cut + 1) : name).toLowerCase();
  const c = new GroupingComponent('filename', [filename]);
  if (hasUrlOrigin(frame.absPath, false)) c.mark(false, 'ignored because frame points to a URL');
  else if (filename === '<anonymous>') c.mark(false, 'ignored because filename is anonymous');
  else if (filename === '[native code]') c.mark(false, 'ignored because filename suggests native code');
  else if (platform === 'java') {
    const cleaned = filename.replace(JAVASSIST, '$1<auto>');
    if (cleaned !== filename) c.update([cleaned], undefined, 'cleaned javassist parts');
  }
  return c;
}

function moduleComponent(frame: FrameModel, platform: string | undefined): GroupingComponent {
  const module = frame.module;
  if (module === undefined) return new GroupingComponent('module');
  const c = new GroupingComponent('module', [module]);
  if (platform === 'javascript' && module.includes('/') && frame.absPath?.endsWith(module)) {
    c.mark(false, 'ignored bad javascript module');
  } else if (platform === 'java') {
    if (module.includes('$$Lambda$')) c.mark(false, 'ignored java lambda');
    if (module.startsWith('sun.reflect.GeneratedMethodAccessor')) {
      c.update(['sun.reflect.GeneratedMethodAccessor'], undefined, 'removed reflection marker');
    } else if (module.startsWith('jdk.internal.reflect.GeneratedMethodAccessor')) {
      c.update(['jdk.internal.reflect.GeneratedMethodAccessor'], undefined, 'removed reflection marker');
    } else {
      const cleaned = module
        .replace(JAVA_REFLECT, '$1<auto>')
        .replace(JAVA_CGLIB, '$1<auto>')
        .replace(JAVASSIST, '$1<auto>')
        .replace(CLOJURE, '$1<auto>')
        .replace(ENHANCER_BY, '$1<auto>')
        .replace(FAST_CLASS_BY, '$1<auto>')
        .replace(HIBERNATE_PROXY, '$1<auto>');
      if (cleaned !== module) c.update([cleaned], undefined, 'removed codegen marker');
    }
  }
  return c;
}

function contextLineComponent(frame: FrameModel, platform: string | undefined): GroupingComponent {
  const raw = frame.contextLine ?? '';
  // Whitespace runs collapse to one space, ends trimmed (trim and \s cover the same characters).
  const trimmed = raw.trim();
  const line = ODD_WHITESPACE.test(trimmed) ? trimmed.replace(WHITESPACE_RUN, ' ') : trimmed;
  if (!line) return new GroupingComponent('context-line');
  const c = new GroupingComponent('context-line', [line]);
  if (raw.length > 120) c.mark(false, 'ignored because line is too long');
  else if (behaviorFamily(platform) === 'javascript' && !frame.function && hasUrlOrigin(frame.absPath, true)) {
    c.mark(false, 'ignored because file path is a URL and function name is missing');
  }
  return c;
}

function functionComponent(
  frame: FrameModel,
  platform: string | undefined,
  sourcemapAndContextLine: boolean,
): GroupingComponent {
  let func: string | undefined;
  if (platform === 'csharp') func = frame.rawFunction ?? frame.function;
  else {
    func = frame.function ?? frame.rawFunction;
    if (!frame.rawFunction && frame.function) func = trimFunctionName(frame.function, platform);
  }
  if (!func) return new GroupingComponent('function');
  const c = new GroupingComponent('function', [func]);
  const family = behaviorFamily(platform);
  if (platform === 'ruby') {
    if (func.startsWith('block ')) c.update(['block'], undefined, 'ruby block');
    else {
      const cleaned = func.replace(RUBY_ERB, '');
      if (cleaned !== func) c.update([cleaned], undefined, 'removed generated erb template suffix');
    }
  } else if (platform === 'php') {
    if (func.startsWith('[Anonymous') || func.startsWith('class@anonymous\x00')) {
      c.mark(false, 'ignored anonymous function');
    }
    if (func.startsWith('class@anonymous')) {
      const idx = func.lastIndexOf('::');
      if (idx >= 0) c.update([func.slice(idx + 2)], undefined, 'anonymous class method');
    }
  } else if (platform === 'java') {
    if (func.startsWith('lambda$')) c.mark(false, 'ignored lambda function');
  } else if (family === 'native' && (func === '<redacted>' || func === '<unknown>')) {
    c.mark(false, 'ignored unknown function');
  } else if (family === 'javascript') {
    const short = func.slice(func.lastIndexOf('.') + 1);
    if (short !== func) c.update([short], undefined, 'trimmed javascript function');
    if (sourcemapAndContextLine) c.mark(false, 'ignored because sourcemap used and context line available');
  }
  return c;
}

export function frameComponent(frame: FrameModel, eventPlatform: string): GroupingComponent {
  const platform = frame.platform ?? eventPlatform;
  const filename = filenameComponent(frame, platform);
  const module = moduleComponent(frame, platform);
  if (module.contributes && filename.contributes) filename.mark(false, 'ignored because module takes precedence');

  let contextLine: GroupingComponent | undefined;
  if (frame.contextLine && CONTEXT_LINE_PLATFORMS.has(platform)) contextLine = contextLineComponent(frame, platform);
  const fn = functionComponent(frame, platform, frame.sourcemap && contextLine?.contributes === true);

  const values = contextLine ? [module, filename, fn, contextLine] : [module, filename, fn];
  const rv = new GroupingComponent('frame', values);
  rv.inApp = frame.inApp;

  if (behaviorFamily(platform) === 'javascript') {
    let func = frame.rawFunction ?? frame.function;
    if (func) func = func.slice(func.lastIndexOf('.') + 1);
    if (!func) fn.mark(false);
    else if (JS_UNKNOWN_FUNCTIONS.has(func) || func.endsWith('/<')) fn.mark(false, 'ignored unknown function name');
    if (func === 'eval' || (frame.absPath !== undefined && JS_LOW_QUALITY_PATHS.has(frame.absPath))) {
      rv.mark(false, 'ignored low quality javascript frame');
    }
  }
  return rv;
}
