import { describe, expect, it } from 'vitest';
import type { SentryEvent } from '../../lib/api-types.js';
import { hostileEvent, nodeErrorEvent } from '../../testing/events.js';
import { renderMarkup } from '../../testing/render.js';
import { Breadcrumbs } from './breadcrumbs.js';
import {
  ContextsSection,
  ExtraSection,
  MessageSection,
  RequestSection,
  TagsSection,
  UserSection,
} from './event-context.js';
import { ExceptionSection } from './exception.js';

function renderEvent(event: SentryEvent): string {
  return renderMarkup(
    <>
      <MessageSection event={event} />
      <ExceptionSection event={event} />
      <TagsSection event={event} streamLink={(q) => `/organizations/acme/issues/?query=${encodeURIComponent(q)}`} />
      <Breadcrumbs event={event} />
      <RequestSection event={event} />
      <UserSection event={event} />
      <ContextsSection event={event} />
      <ExtraSection event={event} />
    </>,
  );
}

describe('event sections', () => {
  it('shows the in-app frame expanded with its failing line highlighted and its variables', () => {
    const html = renderEvent(nodeErrorEvent());
    expect(html).toContain('checkoutCart');
    expect(html).toMatch(
      /class="context-line active"[^>]*data-testid="context-line-active"[^>]*>.*throw new TypeError/,
    );
    expect(html).toContain('aria-label="Local variables"');
    // The system frame is collapsed behind "Show 1 more frame".
    expect(html).toContain('Show 1 more frame');
    expect(html).not.toContain('listOnTimeout');
  });

  it('renders hostile strings as text and never links javascript: URLs', () => {
    const html = renderEvent(hostileEvent());
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=');
    expect(html).not.toMatch(/href="\s*javascript:/i);
    expect(html).toContain('javascript:alert(document.domain)');
  });

  it('shows an exception chain with the outermost exception first', () => {
    const e = nodeErrorEvent();
    const values = [
      { type: 'KeyError', value: 'sku', stacktrace: { frames: [] } },
      { type: 'RuntimeError', value: 'wrapped', stacktrace: { frames: [] } },
    ];
    e.entries = [{ type: 'exception', data: { values } }];
    const html = renderMarkup(<ExceptionSection event={e} />);
    const outer = html.indexOf('RuntimeError');
    const cause = html.indexOf('Caused by');
    const inner = html.indexOf('KeyError');
    expect(outer).toBeGreaterThan(-1);
    expect(cause).toBeGreaterThan(outer);
    expect(inner).toBeGreaterThan(cause);
    expect(html).toContain('Exceptions');
  });

  it('links http(s) request URLs with rel=noopener', () => {
    const e = nodeErrorEvent();
    e.entries = [{ type: 'request', data: { url: 'https://shop.example.com/cart?x=1', method: 'GET' } }];
    const html = renderMarkup(<RequestSection event={e} />);
    expect(html).toContain('href="https://shop.example.com/cart?x=1"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it('survives malformed event shapes', () => {
    const weird = {
      id: 1,
      eventID: null,
      title: 42,
      tags: 'nope',
      contexts: [1, 2],
      user: 'x',
      entries: [
        null,
        { type: 'exception', data: null },
        { type: 'exception', data: { values: [null, 5, { stacktrace: { frames: [null, 'x', { context: 'no' }] } }] } },
        { type: 'breadcrumbs', data: { values: 'x' } },
        { type: 'request', data: { headers: 5, query: { a: { b: 1 } } } },
      ],
    } as unknown as SentryEvent;
    expect(() => renderEvent(weird)).not.toThrow();
  });

  it('bounds long breadcrumb lists', () => {
    const e = nodeErrorEvent();
    e.entries = [
      { type: 'breadcrumbs', data: { values: Array.from({ length: 5000 }, (_, i) => ({ message: `crumb ${i}` })) } },
    ];
    const html = renderMarkup(<Breadcrumbs event={e} />);
    expect(html.match(/<tr>/g)?.length).toBe(1 + 15);
    expect(html).toContain('Show all 1000 breadcrumbs');
    expect(html).toContain('crumb 999');
  });
});
