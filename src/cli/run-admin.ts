/**
 * Runs an admin command against the database directly — or, when a running `serve` holds the
 * embedded database, through that server's admin bridge (never a second opener of PGlite).
 */
import type { Config } from '../config/index.js';
import { ADMIN_BRIDGE_PATH, signAdminBody } from '../server/admin-bridge.js';
import { AppError, ConfigError } from '../shared/errors.js';
import { openDatabase, readDataDirLock } from '../storage/index.js';
import { type AdminCommand, runAdminCommand } from './admin-commands.js';

export async function runViaServerOrLocally(config: Config, cmd: AdminCommand): Promise<unknown> {
  if (!config.databaseUrl) {
    const holder = readDataDirLock(config.dataDir);
    if (holder) {
      if (holder.command !== 'serve' || !holder.port) {
        throw new ConfigError(
          `the embedded database in ${config.dataDir} is in use by process ${holder.pid} (faultline ${holder.command}); try again when it has finished`,
        );
      }
      return viaServer(config, holder.port, cmd);
    }
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    holder: { command: cmd.name },
  });
  try {
    if (cmd.name !== 'migrate') await runAdminCommand(database.db, config, { name: 'migrate' });
    return await runAdminCommand(database.db, config, cmd);
  } finally {
    await database.close();
  }
}

async function viaServer(config: Config, port: number, cmd: AdminCommand): Promise<unknown> {
  const body = JSON.stringify(cmd);
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}${ADMIN_BRIDGE_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-faultline-signature': signAdminBody(config.secretKey, body) },
      body,
    });
  } catch (err) {
    throw new ConfigError(
      `the embedded database is held by a Faultline server on port ${port}, which does not answer (${(err as Error).message})`,
    );
  }
  const json = (await res.json().catch(() => ({}))) as { result?: unknown; detail?: string };
  if (!res.ok)
    throw new AppError(
      res.status === 409 ? 'conflict' : 'bad_request',
      json.detail ?? `the running server answered ${res.status}`,
    );
  return json.result;
}
