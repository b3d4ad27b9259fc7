/**
 * Serves the built web UI (dist/web) at `/`, with index.html for client-side routes. Until the UI
 * is built, a small placeholder page says how to build it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Faultline</title></head>
<body><h1>Faultline</h1><p>The web UI is not built. Run <code>npm run build</code>, or start with <code>npm start</code>.</p></body></html>`;

/** Paths that belong to the server, never to the single-page app. */
const SERVER_PREFIXES = ['/api/', '/_health', '/_internal/'];

export async function registerWebStatic(app: FastifyInstance): Promise<void> {
  const indexFile = path.join(WEB_DIST, 'index.html');
  const built = fs.existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      index: false,
      maxAge: '1h',
      immutable: false,
    });
  }
  const sendIndex = (reply: import('fastify').FastifyReply) => {
    if (!built) return reply.type('text/html; charset=utf-8').send(PLACEHOLDER);
    return reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(fs.createReadStream(indexFile));
  };
  app.get('/', (_request, reply) => sendIndex(reply));
  // Client-side routes (/organizations/…, /settings/…, /auth/…): the SPA's index.html.
  app.get('/*', (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (SERVER_PREFIXES.some((p) => url.startsWith(p)) || path.extname(url) !== '') {
      return reply.status(404).send({ detail: `The requested resource does not exist: ${request.method} ${url}` });
    }
    return sendIndex(reply);
  });
}
