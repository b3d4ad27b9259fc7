/**
 * First run in a real browser: sign-up of the first user (with an organization), creating a
 * project, its setup page with the DSN and a "waiting for the first event" state that flips live
 * when @sentry/node sends one, then into the issue; and signing out.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHandle, launchBrowser, screenshot } from './support/browser.js';
import { sendNodeEvent } from './support/sdk.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('first run', () => {
  let server: TestServer;
  let browser: BrowserHandle;

  beforeAll(async () => {
    server = await startTestServer({ bootstrap: false });
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
      await screenshot(browser.page, `failed-onboarding-${ctx.task.name.replace(/\W+/g, '-')}`).catch(() => {});
    }
  });

  it('signs up the first user with an organization', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.url()).toContain('/auth/register/');
    await page.getByRole('heading', { name: 'Create the first account' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Grace');
    await page.getByLabel('Organization name').fill('Initech');
    await page.getByLabel('Email').fill('grace@example.com');
    await page.getByLabel('Password').fill('a-long-password-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/organizations\/[^/]+\/issues\//);
    await page.getByText('Create your first project').waitFor();
  });

  it('creates a project and shows its DSN and setup snippets', async () => {
    const { page } = browser;
    await page.getByText('Create your first project').click();
    await page.getByLabel('Name').fill('billing');
    await page.getByLabel('Platform').selectOption('node');
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect.poll(() => page.url()).toMatch(/\/projects\/billing\/getting-started\//);
    await page.getByRole('tab', { name: 'Node.js' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Node.js' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('setup-snippet').textContent()).toContain('@sentry/node');
    expect(await page.getByTestId('first-event-status').textContent()).toContain('Waiting for the first event');
    await screenshot(page, 'onboarding');
  });

  it('flips to "first event arrived" live when the SDK sends one', async () => {
    const { page } = browser;
    const dsn = (await page.locator('.copy-field code').first().textContent()) ?? '';
    expect(dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/\d+$/);
    await page.evaluate(() => {
      (globalThis as unknown as { __noReload: boolean }).__noReload = true;
    });
    await sendNodeEvent(dsn, 'checkout');
    const status = page.getByTestId('first-event-status');
    await status.getByText('Your first event arrived').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await status.getByRole('link').click();
    await page.getByTestId('issue-title').waitFor();
    expect(await page.getByTestId('issue-title').textContent()).toContain('Checkout failed');
  });

  it('changes the password in account settings', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings/account/details/`);
    await page.getByLabel('Current password').fill('a-long-password-1');
    await page.getByLabel('New password', { exact: true }).fill('a-new-password-2');
    await page.getByLabel('Verify new password').fill('a-new-password-2');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed').waitFor();
  });

  it('signs out', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: /Grace/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect.poll(() => page.url()).toContain('/auth/login/');
    await page.goto(`${server.url}/organizations/initech/issues/`);
    await expect.poll(() => page.url()).toContain('/auth/login/?next=');
  });

  it('sends the user to the login page when the session ends', async () => {
    const { page } = browser;
    await page.getByLabel('Email').fill('grace@example.com');
    await page.getByLabel('Password').fill('a-long-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor(); // the old password no longer works
    await page.getByLabel('Password').fill('a-new-password-2');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.url()).toContain('/organizations/initech/issues/');
    await page.getByTestId('empty-state').or(page.getByTestId('issue-row').first()).waitFor();
    await browser.context.clearCookies();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
    await expect.poll(() => page.url()).toContain('/auth/login/?next=%2Forganizations%2Finitech%2Fprojects%2F');
  });
});
