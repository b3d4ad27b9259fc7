/**
 * The composition root: config → database (+ migrations) → app → listen, and graceful shutdown.
 * Roles: `all` (one process: ingest + worker + web), or `ingest` / `worker` / `web` for scale-out.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { countUsers } from '../accounts/index.js';
import type { Config } from '../config/index.js';
import { createQueue, type Queue } from '../queue/index.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../storage/index.js';
import { buildApp } from './app.js';

export interface RunningServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** The ingest queue (spool or Redis Streams); the pipeline consumes it. */
  queue: Queue;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const log = pino({ level: config.logLevel, base: { role: config.role } });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    holder: { command: 'serve', port: config.port },
  });
  let queue: Queue | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) log.info({ migrations: applied.map((m) => m.migrationName) }, 'database migrated');

    queue = await createQueue(config);
    const app = await buildApp({ config, db: database.db, queue }, { logger: log });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info(
      { url: config.publicUrl, port, database: database.kind, dataDir: config.dataDir },
      'Faultline is listening',
    );

    if ((await countUsers(database.db)) === 0) {
      log.info(
        `No users yet. Create the first one with: npx faultline createuser --email you@example.com --password '…' --superuser  (or: npx faultline bootstrap --email … --password … --org my-org --project my-project --json)`,
      );
    }

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        log.info('shutting down: finishing in-flight requests');
        await app.close();
        await queue?.close();
        await database.close();
        log.info('stopped');
      })();
      return stopping;
    };
    return { app, database, queue, url: `http://127.0.0.1:${port}`, stop };
  } catch (err) {
    await queue?.close().catch(() => {});
    await database.close().catch(() => {});
    throw err;
  }
}
