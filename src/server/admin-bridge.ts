/**
 * The admin bridge: while `serve` holds the embedded database (PGlite allows one process per data
 * directory), admin CLI commands are sent here instead of opening the database themselves.
 * Only loopback callers that sign the body with the instance secret key are served.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type AdminCommand, runAdminCommand } from '../cli/admin-commands.js';
import { AppError } from '../shared/errors.js';
import type { AppDeps } from './app.js';

export const ADMIN_BRIDGE_PATH = '/_internal/admin/';

export function signAdminBody(secretKey: string, body: string): string {
  return createHmac('sha256', secretKey).update(body).digest('hex');
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function registerAdminBridge(app: FastifyInstance, deps: AppDeps): void {
  app.post(ADMIN_BRIDGE_PATH, async (request) => {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? ''))
      throw new AppError('not_found', 'The requested resource does not exist');
    const body = JSON.stringify(request.body ?? null);
    const given = Buffer.from(String(request.headers['x-faultline-signature'] ?? ''), 'hex');
    const expected = Buffer.from(signAdminBody(deps.config.secretKey, body), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new AppError('forbidden', 'bad admin signature');
    const cmd = request.body as AdminCommand;
    return { result: await runAdminCommand(deps.db, deps.config, cmd) };
  });
}
