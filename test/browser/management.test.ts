/**
 * Triage and administration through the UI against the real API: bulk ignore, merge and delete,
 * assignment and comments on an issue, API tokens, invitations and project security settings.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHandle, launchBrowser, login, screenshot } from './support/browser.js';
import { sendNodeEvent } from './support/sdk.js';
import { startTestServer, type TestServer, waitFor } from './support/server.js';

interface IssueJson {
  id: string;
  title: string;
  status: string;
  assignedTo: { name: string } | null;
}

describe('triage and administration', () => {
  let server: TestServer;
  let browser: BrowserHandle;
  const all = () => server.api<IssueJson[]>(`/organizations/${server.org}/issues/?query=`);

  beforeAll(async () => {
    server = await startTestServer({ org: 'ops', project: 'api' });
    for (const [scenario, label] of [
      ['checkout', ''],
      ['inventory', ''],
      ['live', 'one'],
      ['xss', ''],
    ] as const) {
      await sendNodeEvent(server.dsn, scenario, label);
    }
    // checkout, inventory, live, and the xss scenario's exception and message: five issues.
    await waitFor(async () => (await all()).length >= 5, 'five issues');
    browser = await launchBrowser();
    await login(browser.page, server.url, server.email, server.password);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // A failing step leaves a screenshot of what the browser showed.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && browser) {
      if (browser.problems.length) console.error(`browser problems:\n${browser.problems.join('\n')}`);
      await screenshot(browser.page, `failed-management-${ctx.task.name.replace(/\W+/g, '-')}`).catch(() => {});
    }
  });

  const row = (text: string) => browser.page.getByTestId('issue-row').filter({ hasText: text });

  it('ignores an issue with a condition from the bulk actions', async () => {
    const { page } = browser;
    await row('Inventory count').getByRole('checkbox').check();
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Ignore ▾' }).click();
    await page.getByRole('menuitem', { name: 'For 30 minutes' }).click();
    await expect.poll(async () => row('Inventory count').count()).toBe(0);
    const inventory = (await all()).find((i) => i.title.includes('Inventory'));
    expect(inventory?.status).toBe('ignored');
    await page.getByRole('tab', { name: 'Ignored' }).click();
    await row('Inventory count').waitFor();
  });

  it('merges two issues and deletes one', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Unresolved' }).click();
    await row('Live failure one').getByRole('checkbox').check();
    await row('XSS probe').getByRole('checkbox').check();
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Merge' }).click();
    await expect.poll(async () => (await all()).length).toBe(4);
    await expect.poll(() => page.getByTestId('issue-row').count()).toBe(3);

    await row('Checkout failed').getByRole('checkbox').check();
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await all()).some((i) => i.title.includes('Checkout failed'))).toBe(false);
    await expect.poll(() => page.getByTestId('issue-row').count()).toBe(2);
  });

  it('explains the grouping and unmerges a hash into a new issue', async () => {
    const { page } = browser;
    const merged = (await all()).find((i) => i.title.includes('Live failure') || i.title.includes('XSS probe'));
    expect(merged).toBeDefined();
    await page.goto(`${server.url}/organizations/${server.org}/issues/${merged?.id}/?tab=grouping`);
    const info = page.getByTestId('grouping-info');
    await info.getByRole('checkbox').first().waitFor();
    // At least one hash from each merged issue.
    const hashCount = await info.getByRole('checkbox').count();
    expect(hashCount).toBeGreaterThanOrEqual(2);
    expect(await info.textContent()).toContain('Grouped by its in-app stack trace');
    await screenshot(page, 'issue-grouping');
    await info.getByRole('checkbox').first().check();
    await info.getByRole('button', { name: 'Unmerge selected' }).click();
    await expect.poll(async () => (await all()).length).toBe(4);
    await expect.poll(() => info.getByRole('checkbox').count()).toBe(hashCount - 1 > 1 ? hashCount - 1 : 0);
    await page.goto(`${server.url}/organizations/${server.org}/issues/`);
    await expect.poll(() => page.getByTestId('issue-row').count()).toBe(3);
  });

  it('assigns the issue and adds a comment', async () => {
    const { page } = browser;
    await row('Message').getByRole('link').first().click();
    await page.getByTestId('issue-title').waitFor();
    const issueId = /\/issues\/(\d+)\//.exec(page.url())?.[1];
    await page.getByRole('toolbar', { name: 'Issue actions' }).getByRole('button', { name: 'Assign ▾' }).click();
    await page.getByRole('menuitem', { name: 'owner' }).click();
    await page.getByRole('button', { name: /^Assigned: / }).waitFor();
    await expect.poll(async () => (await all()).find((i) => i.id === issueId)?.assignedTo?.name ?? null).not.toBeNull();

    await page.getByRole('tab', { name: /Activity/ }).click();
    await page.getByLabel('Add a comment').fill('Looking into it <b>now</b>');
    await page.getByRole('button', { name: 'Comment' }).click();
    await page.getByTestId('activity').getByText('Looking into it <b>now</b>').waitFor();
    await screenshot(page, 'issue-activity');
  });

  it('creates and revokes a personal API token', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings/account/api/auth-tokens/`);
    await page.getByLabel('Name').fill('ci');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByRole('status').locator('code').textContent()) ?? '';
    expect(token).toMatch(/^sntryu_[0-9a-f]{64}$/);
    const res = await fetch(`${server.url}/api/0/organizations/`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const rowOfToken = page.getByRole('row').filter({ hasText: 'ci' });
    await rowOfToken.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => rowOfToken.count()).toBe(0);
    const after = await fetch(`${server.url}/api/0/organizations/`, { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('invites a member and shows the invitation link', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings/${server.org}/members/`);
    await page.getByLabel('Email').fill('new.person@example.com');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByTestId('members-table').getByText('new.person@example.com').first().waitFor();
    const link = (await page.locator('.copy-field code').first().textContent()) ?? '';
    expect(link).toMatch(/\/accept\/\d+\/[0-9a-f]+\/$/);
    await screenshot(page, 'settings-members');

    // The invited person opens the link in their own browser and joins.
    const invitee = await launchBrowser();
    try {
      await invitee.page.goto(link);
      await invitee.page.getByRole('heading', { name: `Join ${server.org}` }).waitFor();
      await invitee.page.getByLabel('Name').fill('New Person');
      await invitee.page.getByLabel('Choose a password').fill('another-password-9');
      await invitee.page.getByRole('button', { name: 'Create account and join' }).click();
      await expect.poll(() => invitee.page.url()).toContain(`/organizations/${server.org}/issues/`);
    } finally {
      await invitee.close();
    }
    const members = await server.api<{ email: string; pending?: boolean }[]>(`/organizations/${server.org}/members/`);
    expect(members.find((m) => m.email === 'new.person@example.com')?.pending).toBeFalsy();
  });

  it('manages team membership', async () => {
    const { page } = browser;
    const teams = await server.api<{ slug: string }[]>(`/organizations/${server.org}/teams/`);
    const team = teams[0]?.slug ?? '';
    await page.goto(`${server.url}/settings/${server.org}/teams/`);
    await page.getByText(`#${team}`, { exact: true }).click();
    const box = page.getByTestId(`team-members-${team}`);
    await box.getByRole('button', { name: 'Remove from team' }).click();
    await box.getByText('No members yet.').waitFor();
    await box.getByLabel(`Add a member to #${team}`).selectOption({ label: 'owner' });
    await box.getByRole('button', { name: 'Add', exact: true }).click();
    await box.getByRole('button', { name: 'Remove from team' }).waitFor();
    const members = await server.api<{ email: string }[]>(`/teams/${server.org}/${team}/members/`);
    expect(members.map((m) => m.email)).toEqual([server.email]);
  });

  it('generates a client key and sets a rate limit', async () => {
    const { page } = browser;
    const keysPath = `/projects/${server.org}/${server.project}/keys/`;
    await page.goto(`${server.url}/settings/${server.org}/projects/${server.project}/keys/`);
    await page.getByText(server.dsn).first().waitFor();
    await page.getByRole('button', { name: 'Generate new key' }).click();
    await expect.poll(async () => (await server.api<unknown[]>(keysPath)).length).toBe(2);
    const first = page.locator('.key-card').first();
    await first.getByLabel('Events').fill('100');
    await first.getByLabel('Window').selectOption('3600');
    await first.getByRole('button', { name: 'Save rate limit' }).click();
    await expect
      .poll(async () => (await server.api<{ rateLimit: unknown }[]>(keysPath)).map((k) => k.rateLimit))
      .toContainEqual({ count: 100, window: 3600 });
  });

  it('saves project security settings', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings/${server.org}/projects/${server.project}/security-and-privacy/`);
    await page.getByLabel('Allowed domains').fill('https://shop.example.com\n*.example.org');
    await page.getByLabel('Scrub IP addresses').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(
        async () =>
          (await server.api<{ allowedDomains?: string[] }>(`/projects/${server.org}/${server.project}/`))
            .allowedDomains,
      )
      .toEqual(['https://shop.example.com', '*.example.org']);
    await page.reload();
    await expect
      .poll(() => page.getByLabel('Allowed domains').inputValue())
      .toBe('https://shop.example.com\n*.example.org');
    expect(await page.getByLabel('Scrub IP addresses').isChecked()).toBe(true);
    await screenshot(page, 'settings-security');
  });

  it('pages with Link-header cursors and resolves everything matching the search', async () => {
    const { page } = browser;
    const unresolved = () =>
      server.api<IssueJson[]>(`/organizations/${server.org}/issues/?query=${encodeURIComponent('is:unresolved')}`);
    const total = (await unresolved()).length;
    expect(total).toBe(3);
    await page.goto(`${server.url}/organizations/${server.org}/issues/?limit=2`);
    const rows = page.getByTestId('issue-row');
    await expect.poll(() => rows.count()).toBe(2);
    const first = await page.locator('.issue-list').textContent();
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.url()).toContain('cursor=');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.locator('.issue-list').textContent()).not.toBe(first);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => rows.count()).toBe(2);

    await page.getByRole('checkbox', { name: 'Select all issues on this page' }).check();
    await page.getByRole('button', { name: `Select all ${total} issues that match this search` }).click();
    await page.getByText(`All ${total} issues that match this search are selected.`).waitFor();
    await page
      .getByRole('toolbar', { name: 'Bulk actions' })
      .getByRole('button', { name: 'Resolve', exact: true })
      .click();
    await expect.poll(async () => (await unresolved()).length).toBe(0);
    await page.getByTestId('empty-state').waitFor();
  });
});
