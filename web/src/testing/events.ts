/** Event JSON in the API's shape (§8.2) for component tests: a realistic Node error and a hostile one. */
import type { SentryEvent } from '../lib/api-types.js';

export const HOSTILE = '<img src=x onerror="window.__xss=1;alert(1)">';

export function nodeErrorEvent(): SentryEvent {
  return {
    id: 'ab12cd34ef56ab12cd34ef56ab12cd34',
    eventID: 'ab12cd34ef56ab12cd34ef56ab12cd34',
    groupID: '1',
    title: 'TypeError: Checkout failed',
    dateCreated: '2026-01-01T00:00:00.000Z',
    platform: 'node',
    tags: [{ key: 'environment', value: 'production' }],
    entries: [
      {
        type: 'exception',
        data: {
          values: [
            {
              type: 'TypeError',
              value: 'Checkout failed',
              mechanism: { type: 'generic', handled: true },
              stacktrace: {
                frames: [
                  {
                    filename: 'node:internal/timers',
                    function: 'listOnTimeout',
                    lineNo: 581,
                    inApp: false,
                    context: [],
                  },
                  {
                    filename: '/app/server.mjs',
                    absPath: '/app/server.mjs',
                    function: 'checkoutCart',
                    lineNo: 21,
                    colNo: 9,
                    inApp: true,
                    context: [
                      [20, '  const total = 7;'],
                      [21, '  throw new TypeError("Checkout failed");'],
                      [22, '}'],
                    ],
                    vars: { total: 7 },
                  },
                ],
              },
            },
          ],
        },
      },
    ],
  };
}

export function hostileEvent(): SentryEvent {
  const e = nodeErrorEvent();
  return {
    ...e,
    title: HOSTILE,
    tags: [
      { key: HOSTILE, value: HOSTILE },
      { key: 'url', value: 'javascript:alert(1)' },
    ],
    user: { username: HOSTILE, email: 'javascript:alert(1)' },
    context: { payload: HOSTILE },
    contexts: { browser: { name: HOSTILE, version: 'javascript:alert(1)' }, weird: 'not an object' },
    entries: [
      { type: 'message', data: { formatted: `Message ${HOSTILE}` } },
      {
        type: 'exception',
        data: {
          values: [
            {
              type: HOSTILE,
              value: HOSTILE,
              stacktrace: {
                frames: [
                  {
                    filename: HOSTILE,
                    function: HOSTILE,
                    lineNo: 1,
                    inApp: true,
                    context: [[1, HOSTILE]],
                    vars: { [HOSTILE]: HOSTILE },
                  },
                ],
              },
            },
          ],
        },
      },
      {
        type: 'breadcrumbs',
        data: {
          values: [{ message: HOSTILE, category: HOSTILE, data: { url: 'javascript:alert(1)' }, level: HOSTILE }],
        },
      },
      {
        type: 'request',
        data: { url: 'javascript:alert(document.domain)', method: HOSTILE, headers: [[HOSTILE, HOSTILE]] },
      },
    ],
  };
}
