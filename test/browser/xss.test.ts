/**
 * Hostile event data (message, tags, breadcrumbs, frame names, request URL, user, extra) sent by the
 * real @sentry/node SDK renders as text: no script runs, no dialog opens, no javascript: link exists.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHandle, launchBrowser, login, screenshot } from './support/browser.js';
import { sendNodeEvent } from './support/sdk.js';
import { startTestServer, type TestServer, waitFor } from './support/server.js';

const HOSTILE = '<img src=x onerror="window.__xss=1;alert(1)">';

describe('hostile event data', () => {
  let server: TestServer;
  let browser: BrowserHandle;
  const dialogs: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ org: 'evil', project: 'probe' });
    await sendNodeEvent(server.dsn, 'xss');
    await waitFor(
      async () => (await server.api<unknown[]>(`/organizations/${server.org}/issues/?query=`)).length >= 2,
      'the hostile issues',
    );
    browser = await launchBrowser();
    browser.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // A failing step leaves a screenshot of what the browser showed.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && browser) {
      if (browser.problems.length) console.error(`browser problems:\n${browser.problems.join('\n')}`);
      await screenshot(browser.page, `failed-xss-${ctx.task.name.replace(/\W+/g, '-')}`).catch(() => {});
    }
  });

  async function assertInert() {
    const { page } = browser;
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
  }

  it('renders hostile titles in the stream as text', async () => {
    const { page } = browser;
    await login(page, server.url, server.email, server.password);
    await page.getByTestId('issue-row').first().waitFor();
    await expect.poll(() => page.getByTestId('issue-row').count()).toBe(2);
    expect(await page.locator('.issue-list').textContent()).toContain(HOSTILE);
    await assertInert();
  });

  it('renders hostile message, tags, breadcrumbs, frames, request and user as text', async () => {
    const { page } = browser;
    await page.getByTestId('issue-row').filter({ hasText: 'XSS probe' }).getByRole('link').first().click();
    await page.getByTestId('event-body').waitFor();
    await page.getByTestId('exception').waitFor();
    // Frame function names.
    await page.getByRole('button', { name: 'Show all frames' }).click();
    expect(await page.getByTestId('exception').textContent()).toContain(`${HOSTILE}fn`);
    // Tags, breadcrumbs, request URL, user, extra.
    expect(await page.getByTestId('event-tags').textContent()).toContain(HOSTILE);
    expect(await page.getByTestId('event-tags').textContent()).toContain('javascript:alert(1)');
    expect(await page.getByTestId('breadcrumbs').textContent()).toContain(HOSTILE);
    const body = await page.getByTestId('event-body').textContent();
    expect(body).toContain('javascript:alert(document.domain)');
    await assertInert();
    // The JSON view too.
    await page.getByRole('button', { name: 'JSON', exact: true }).click();
    expect(await page.getByTestId('event-json').textContent()).toContain('onerror');
    await assertInert();
    await screenshot(page, 'xss-detail');
  });

  it('renders a hostile message event as text', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/organizations/${server.org}/issues/`);
    await page.getByTestId('issue-row').filter({ hasText: 'Message' }).getByRole('link').first().click();
    await page.getByTestId('event-body').waitFor();
    const body = await page.getByTestId('event-body').textContent();
    expect(body).toContain(HOSTILE);
    await assertInert();
  });
});
