/**
 * The composition root: config → database (+ migrations) → app → listen, and graceful shutdown.
 * Roles: `all` (one process: ingest + worker + web), or `ingest` / `worker` / `web` for scale-out.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { countUsers } from '../accounts/index.js';
import type { Config } from '../config/index.js';
import { relayLiveNotifications, startWorker, type Worker } from '../pipeline/index.js';
import { createQueue, type Queue } from '../queue/index.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../storage/index.js';
import { buildApp } from './app.js';
import { registerHealth } from './health.js';

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
  const redisClients: Redis[] = [];
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) log.info({ migrations: applied.map((m) => m.migrationName) }, 'database migrated');

    queue = await createQueue(config);
    // `--role worker` serves only /_health/; every other role serves the whole app.
    const app: FastifyInstance =
      config.role === 'worker'
        ? Fastify({ logger: false, return503OnClosing: true, forceCloseConnections: 'idle' })
        : await buildApp({ config, db: database.db, queue }, { logger: log });
    if (config.role === 'worker') registerHealth(app, { config, db: database.db, queue });
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

    // The pipeline worker (roles all/worker); in server mode live notifications cross processes on Redis.
    let worker: Worker | undefined;
    if (config.role === 'all' || config.role === 'worker') {
      const publisher = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
      if (publisher) redisClients.push(publisher.on('error', () => {}));
      worker = startWorker({
        db: database.db,
        queue,
        log: log.child({ component: 'worker' }),
        ...(publisher ? { publisher } : {}),
      });
    }
    if (config.redisUrl && (config.role === 'all' || config.role === 'web')) {
      const subscriber = new Redis(config.redisUrl).on('error', () => {});
      redisClients.push(subscriber);
      await relayLiveNotifications(subscriber);
    }

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        log.info('shutting down: finishing in-flight requests');
        await app.close();
        // The worker finishes (commits and acks) the batch in flight before the queue closes.
        await worker?.stop();
        for (const c of redisClients) c.disconnect();
        await queue?.close();
        await database.close();
        log.info('stopped');
      })();
      return stopping;
    };
    return { app, database, queue, url: `http://127.0.0.1:${port}`, stop };
  } catch (err) {
    for (const c of redisClients) c.disconnect();
    await queue?.close().catch(() => {});
    await database.close().catch(() => {});
    throw err;
  }
}
