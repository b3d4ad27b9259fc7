/**
 * The triage flow in a real browser against a real server, with events from the real SDKs:
 * log in → stream shows the issues → search narrows → open issue → in-app frame with its context
 * line → resolve → it leaves the unresolved stream; a new event appears live without reload.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHandle, launchBrowser, login, screenshot } from './support/browser.js';
import { sendNodeEvent, serveBrowserApp } from './support/sdk.js';
import { startTestServer, type TestServer, waitFor } from './support/server.js';

interface IssueJson {
  id: string;
  shortId: string;
  title: string;
  status: string;
}

describe('issue triage in the browser', () => {
  let server: TestServer;
  let browser: BrowserHandle;

  const issues = (query = '') =>
    server.api<IssueJson[]>(`/organizations/${server.org}/issues/?query=${encodeURIComponent(query)}&statsPeriod=14d`);

  beforeAll(async () => {
    server = await startTestServer();
    await sendNodeEvent(server.dsn, 'checkout');
    await sendNodeEvent(server.dsn, 'inventory');
    // @sentry/browser in a real page (its own origin: exercises CORS on the ingest endpoint).
    const app = await serveBrowserApp(server.dsn);
    const sender = await launchBrowser();
    try {
      await sender.page.goto(app.url);
      await waitFor(
        async () => (await issues()).some((i) => /Browser order failed/.test(i.title)),
        'browser SDK event',
      );
    } finally {
      await sender.close();
      await app.close();
    }
    await waitFor(async () => (await issues()).length >= 3, 'three issues from the SDKs');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // A failing step leaves a screenshot of what the browser showed.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && browser) {
      if (browser.problems.length) console.error(`browser problems:\n${browser.problems.join('\n')}`);
      await screenshot(browser.page, `failed-issue-flow-${ctx.task.name.replace(/\W+/g, '-')}`).catch(() => {});
    }
  });

  it('logs in and lists the issues from both SDKs', async () => {
    const { page } = browser;
    await login(page, server.url, server.email, server.password);
    const rows = page.getByTestId('issue-row');
    await rows.first().waitFor();
    await expect.poll(() => rows.count()).toBe(3);
    const text = await page.locator('.issue-list').textContent();
    expect(text).toContain('TypeError');
    expect(text).toContain('RangeError');
    expect(text).toMatch(/Browser order failed/);
    await screenshot(page, 'issue-stream');
    // Keyboard: "/" focuses the search, j moves to the first issue, x selects it.
    await page.keyboard.press('/');
    expect(await page.locator(':focus').getAttribute('aria-label')).toBe('Search issues');
    await page.locator('h1').click();
    await page.keyboard.press('j');
    expect(await page.locator(':focus').getAttribute('class')).toContain('issue-title');
    await page.keyboard.press('x');
    await page.getByText('1 selected').waitFor();
    await page.keyboard.press('x');
    await expect.poll(() => page.getByText('1 selected').count()).toBe(0);
  });

  it('narrows the stream with a search and keeps it in the URL', async () => {
    const { page } = browser;
    const search = page.getByRole('combobox', { name: 'Search issues' });
    await search.fill('is:unresolved Checkout');
    await search.press('Enter');
    await expect.poll(() => page.url()).toMatch(/query=is%3Aunresolved(\+|%20)Checkout/);
    const rows = page.getByTestId('issue-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Checkout failed');
  });

  it('opens the issue and shows the in-app frame with its context line', async () => {
    const { page } = browser;
    await page.getByTestId('issue-row').first().getByRole('link').first().click();
    await expect.poll(() => page.url()).toMatch(/\/issues\/\d+\//);
    await page.getByTestId('issue-title').waitFor();
    expect(await page.getByTestId('issue-title').textContent()).toContain('TypeError');
    await expect.poll(() => page.title()).toMatch(/^SHOP-\w+ · TypeError: Checkout failed/);
    const inApp = page.locator('[data-testid="frame"][data-in-app="true"]').first();
    await inApp.waitFor();
    expect(await inApp.textContent()).toContain('checkoutCart');
    const active = inApp.getByTestId('context-line-active');
    await active.waitFor();
    expect(await active.textContent()).toContain('throw new TypeError(`Checkout failed for cart');
    await screenshot(page, 'issue-detail');
    // Dark theme: from the system preference, and from the toggle (remembered across reloads).
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'issue-detail-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('button', { name: 'Switch to dark theme' }).last().click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.reload();
    await page.getByTestId('issue-title').waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).last().click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
  });

  it('resolves the issue and it leaves the unresolved stream', async () => {
    const { page } = browser;
    await page
      .getByRole('toolbar', { name: 'Issue actions' })
      .getByRole('button', { name: 'Resolve', exact: true })
      .click();
    await page.getByRole('button', { name: 'Unresolve' }).waitFor();
    const resolved = (await issues('is:resolved')).map((i) => i.title);
    expect(resolved.some((t) => t.includes('Checkout failed'))).toBe(true);
    await page.goto(`${server.url}/organizations/${server.org}/issues/`);
    const rows = page.getByTestId('issue-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.locator('.issue-list').textContent()).not.toContain('Checkout failed');
  });

  it('shows a new event in the open stream without a reload', async () => {
    const { page } = browser;
    await page.evaluate(() => {
      (globalThis as unknown as { __noReload: boolean }).__noReload = true;
    });
    await page.getByTestId('live-status').getByText('Live').waitFor();
    await sendNodeEvent(server.dsn, 'live', 'zebra-42');
    await page.getByTestId('issue-row').filter({ hasText: 'Live failure zebra-42' }).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await expect.poll(() => page.getByTestId('issue-row').count()).toBe(3);
    // A second event of an issue on the page updates its count in place.
    const zebra = page.getByTestId('issue-row').filter({ hasText: 'Live failure zebra-42' });
    expect(await zebra.getByTestId('issue-count').textContent()).toBe('1');
    await sendNodeEvent(server.dsn, 'live', 'zebra-42');
    await expect.poll(() => zebra.getByTestId('issue-count').textContent(), { timeout: 30_000 }).toBe('2');
    expect(await page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });

  it('jumps to an issue by its short id and to an event by its id', async () => {
    const { page } = browser;
    const inventory = (await issues()).find((i) => i.title.includes('Inventory count'));
    expect(inventory).toBeDefined();
    await page.goto(`${server.url}/organizations/${server.org}/issues/`);
    const search = page.getByRole('combobox', { name: 'Search issues' });
    await search.fill(inventory?.shortId ?? '');
    await search.press('Enter');
    await expect.poll(() => page.url()).toMatch(new RegExp(`/issues/${inventory?.id}/$`));
    await page.getByTestId('issue-title').waitFor();
    await page.getByTestId('event-body').waitFor();
    const eventId = (await page.getByTestId('event-nav').locator('.mono').getAttribute('title')) ?? '';
    expect(eventId).toMatch(/^[0-9a-f]{32}$/);
    await page.goto(`${server.url}/organizations/${server.org}/issues/`);
    await page.getByRole('combobox', { name: 'Search issues' }).fill(eventId);
    await page.getByRole('combobox', { name: 'Search issues' }).press('Enter');
    await expect.poll(() => page.url()).toContain(`/issues/${inventory?.id}/events/${eventId}/`);
    // The issue's events list links back to the event.
    await page.getByRole('tab', { name: 'All events' }).click();
    const list = page.getByTestId('events-list');
    await list.getByRole('link', { name: eventId.slice(0, 8) }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/events/${eventId}/$`));
    await page.getByTestId('event-body').waitFor();
  });

  it('suggests search keys and tag values, and filters by environment', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/organizations/${server.org}/issues/?query=`);
    const search = page.getByRole('combobox', { name: 'Search issues' });
    await search.click();
    await search.pressSequentially('env');
    const options = page.getByRole('listbox').getByRole('option');
    await options.filter({ hasText: 'environment:' }).waitFor();
    await search.press('Enter');
    await expect.poll(() => search.inputValue()).toBe('environment:');
    await options.filter({ hasText: 'staging' }).waitFor();
    await search.pressSequentially('st');
    await expect.poll(() => options.count()).toBe(1);
    await search.press('Enter');
    await expect.poll(() => search.inputValue()).toBe('environment:staging ');
    await search.press('Enter');
    await expect.poll(() => page.url()).toContain('query=environment%3Astaging');
    const rows = page.getByTestId('issue-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Inventory count');

    // The environment picker does the same through `?environment=`.
    await page.goto(`${server.url}/organizations/${server.org}/issues/?query=`);
    await rows.first().waitFor();
    await page.getByLabel('Environment').selectOption('staging');
    await expect.poll(() => page.url()).toContain('environment=staging');
    await expect.poll(() => rows.count()).toBe(1);
  });

  it('shows project settings with the DSN, and the stream at phone width', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings/${server.org}/projects/${server.project}/keys/`);
    await page.getByText(server.dsn).first().waitFor();
    await screenshot(page, 'settings-keys');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/organizations/${server.org}/issues/`);
    await page.getByTestId('issue-row').first().waitFor();
    await screenshot(page, 'issue-stream-390');
  });
});
