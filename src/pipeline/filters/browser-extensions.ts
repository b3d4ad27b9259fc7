/**
 * Errors known to come from browser extensions, injected scripts and in-app browsers, not from
 * the application (the same families Sentry's `browser-extensions` filter knows). Matched against
 * exception values and the URL of each exception's top frame.
 */
const MESSAGES = new RegExp(
  [
    'top\\.GLOBALS',
    'originalCreateNotification',
    'canvas\\.contentDocument',
    'MyApp_RemoveAllHighlights',
    'tt\\.epicplay\\.com',
    "Can't find variable: ZiteReader",
    'jigsaw is not defined',
    'ComboSearch is not defined',
    'loading\\.retry\\.widdit\\.com',
    'atomicFindClose',
    'fb_xd_fragment',
    'bmi_SafeAddOnload',
    'EBCallBackMessageReceived',
    '_gCrWeb',
    'conduitPage',
    "null is not an object \\(evaluating 'elt\\.parentNode'\\)",
    'plugin\\.setSuspendState is not a function',
    'Extension context invalidated',
    'webkit-masked-url:',
    "can't access dead object",
    'Cannot redefine property: (?:solana|ethereum|web3)',
    "undefined is not an object \\(evaluating 'a\\.L'\\)",
    '__firefox__',
    'vid_mate_check is not defined',
    'instantSearchSDKJSBridgeClearHighlight',
  ].join('|'),
  'i',
);

const SOURCES = new RegExp(
  [
    'graph\\.facebook\\.com',
    'connect\\.facebook\\.net',
    'eatdifferent\\.com\\.woopra-ns\\.com',
    'static\\.woopra\\.com/js/woopra\\.js',
    '^chrome(?:-extension)?://',
    '^moz-extension://',
    '^ms-browser-extension://',
    '^safari(?:-web)?-extension://',
    '^(?:webkit|safari)-masked-url:',
    '^resource://',
    '127\\.0\\.0\\.1:4001/isrunning',
    'webappstoolbarba\\.texthelp\\.com/',
    'metrics\\.itunes\\.apple\\.com\\.edgesuite\\.net/',
    'kaspersky-labs\\.com',
    '2mdn\\.net',
  ].join('|'),
  'i',
);

export function isExtensionMessage(message: string): boolean {
  return MESSAGES.test(message);
}

export function isExtensionSource(url: string): boolean {
  return SOURCES.test(url);
}
