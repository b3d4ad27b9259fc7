import { describe, expect, it } from 'vitest';
import type { SentryEvent } from '../../lib/api-types.js';
import { exceptionValues, rawStacktrace, toFrame } from './event-data.js';

function chained(platform: string): SentryEvent {
  const frame = (fn: string, line: number) => ({
    filename: 'app.py',
    absPath: '/srv/app.py',
    function: fn,
    lineNo: line,
    inApp: true,
  });
  return {
    id: 'e',
    eventID: 'e',
    title: 'RuntimeError: wrapped',
    dateCreated: '2026-01-01T00:00:00Z',
    platform,
    entries: [
      {
        type: 'exception',
        data: {
          values: [
            { type: 'KeyError', value: "'sku'", stacktrace: { frames: [frame('load', 3), frame('lookup', 9)] } },
            { type: 'RuntimeError', value: 'wrapped', stacktrace: { frames: [frame('main', 20)] } },
          ],
        },
      },
    ],
  };
}

describe('event data', () => {
  it('reads frames in both camelCase and snake_case', () => {
    expect(toFrame({ abs_path: '/a.js', lineno: 3, colno: 4, in_app: true })).toMatchObject({
      absPath: '/a.js',
      lineNo: 3,
      colNo: 4,
      inApp: true,
    });
    expect(toFrame(null)).toMatchObject({ inApp: false, context: [] });
  });

  it('prints a Python traceback, outermost exception last', () => {
    const raw = rawStacktrace(exceptionValues(chained('python')), 'python');
    expect(raw.split('\n')).toEqual([
      'Traceback (most recent call last):',
      '  File "/srv/app.py", line 20, in main',
      'RuntimeError: wrapped',
      '',
      'Traceback (most recent call last):',
      '  File "/srv/app.py", line 3, in load',
      '  File "/srv/app.py", line 9, in lookup',
      "KeyError: 'sku'",
    ]);
  });

  it('prints a JavaScript stack, newest frame first', () => {
    const raw = rawStacktrace(exceptionValues(chained('javascript')), 'javascript');
    expect(raw).toContain("KeyError: 'sku'\n    at lookup (/srv/app.py:9)\n    at load (/srv/app.py:3)");
  });
});
