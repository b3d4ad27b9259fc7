/** Launches Debian's Chromium through playwright-core (never a downloaded browser). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { ROOT } from './server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'test-results');

export interface BrowserHandle {
  context: BrowserContext;
  page: Page;
  /** Failed requests, HTTP errors and page errors seen so far (printed when a test fails). */
  problems: string[];
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<BrowserHandle> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with "apt-get install -y chromium"`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  const note = (s: string) => {
    problems.push(`${new Date().toISOString().slice(11, 23)} ${s}`);
    if (problems.length > 200) problems.shift();
  };
  page.on('pageerror', (e) => note(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => note(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  // Script and stylesheet loads, to tell a stalled chunk from a failed one.
  page.on('request', (r) => {
    if (/\.(js|css)$/.test(r.url())) note(`request: ${r.url()}`);
  });
  page.on('requestfinished', (r) => {
    if (/\.(js|css)$/.test(r.url())) note(`finished: ${r.url()}`);
  });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) note(`navigated: ${f.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500 || (r.status() === 404 && !r.url().includes('/api/0/')))
      note(`HTTP ${r.status()}: ${r.url()}`);
  });
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function login(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/auth\/login\//);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/organizations\/[^/]+\/issues\//);
}
