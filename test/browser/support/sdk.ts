/**
 * Real SDK traffic for the browser tests: @sentry/node in a child process, and @sentry/browser in a
 * page served by a tiny HTTP server (bundled from node_modules with esbuild).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './server.js';

const NODE_APP = path.join(ROOT, 'test/browser/fixtures/node-app.mjs');

export async function sendNodeEvent(dsn: string, scenario: string, label = ''): Promise<void> {
  await promisify(execFile)(process.execPath, [NODE_APP, scenario, label], {
    cwd: ROOT,
    env: { ...process.env, SENTRY_DSN: dsn },
    timeout: 60_000,
  });
}

let bundle: string | undefined;

/** An IIFE bundle exposing `window.Sentry` from the installed @sentry/browser. */
export async function browserSdkBundle(): Promise<string> {
  if (bundle) return bundle;
  const { build } = await import('esbuild');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-sdk-'));
  const entry = path.join(dir, 'entry.js');
  fs.writeFileSync(entry, "import * as Sentry from '@sentry/browser';\nwindow.Sentry = Sentry;\n");
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    nodePaths: [path.join(ROOT, 'node_modules')],
    target: 'es2020',
    logLevel: 'silent',
  });
  fs.rmSync(dir, { recursive: true, force: true });
  bundle = result.outputFiles[0]?.text ?? '';
  return bundle;
}

export interface BrowserApp {
  url: string;
  close(): Promise<void>;
}

/** Serves a page that initializes @sentry/browser with `dsn` and throws an uncaught error. */
export async function serveBrowserApp(dsn: string): Promise<BrowserApp> {
  const sdk = await browserSdkBundle();
  const app = `Sentry.init({ dsn: ${JSON.stringify(dsn)}, release: 'web@2.0.0', environment: 'production' });
function placeOrder(order) {
  if (!order.paymentMethod) {
    throw new Error('Browser order failed: missing payment method');
  }
}
setTimeout(function () { placeOrder({ id: 7 }); }, 10);
`;
  const html = `<!doctype html><html><head><title>Shop</title><script src="/sentry.js"></script></head>
<body><h1>Shop</h1><script src="/app.js"></script></body></html>`;
  const server = http.createServer((req, res) => {
    const send = (type: string, body: string) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    if (req.url === '/sentry.js') return send('text/javascript', sdk);
    if (req.url === '/app.js') return send('text/javascript', app);
    return send('text/html', html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
