/**
 * Ingest HTTP routes (Relay's store-like endpoints; docs/sentry-protocol.md §1-2):
 *   POST /api/:projectId/envelope/   POST|GET /api/:projectId/store/   POST|GET /api/store/
 * each with and without the trailing slash, plus OPTIONS preflights. Registered in their own
 * Fastify scope whose only body parser hands the raw bytes over as a Buffer (any content type,
 * bounded by LIMITS.maxRequestBytes), so nothing JSON-parses them on the way.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import type { Queue } from '../queue/types.js';
import { AppError } from '../shared/errors.js';
import { type Db, upsertOutcomes } from '../storage/index.js';
import { authFromRequest, isValidPublicKey, type RequestAuth } from './auth.js';
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, requestOrigin } from './cors.js';
import { decompressBody } from './decompress.js';
import { IngestService, type RequestMeta } from './ingest-service.js';
import { dbKeyLookup, type IngestKey } from './key-cache.js';
import { OutcomeRecorder } from './outcomes.js';
import {
  type Envelope,
  LIMITS,
  newEventId,
  normalizeEventId,
  parseDsn,
  parseEnvelope,
  singleItemEnvelope,
} from './protocol/index.js';
import { parseStoreBody } from './store-body.js';

export interface IngestDeps {
  config: Config;
  db: Db;
  queue?: Queue | undefined;
}

interface Ctx {
  meta: RequestMeta;
  origin: string | null;
  auth: RequestAuth | null;
  key: IngestKey | null;
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const PROJECT_ID = /^\d{1,10}$/;
const MAX_EVENT_BYTES = 1024 * 1024;

function header(request: FastifyRequest, name: string): string | null {
  const v = request.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? null) : null;
}

export async function registerIngest(app: FastifyInstance, deps: IngestDeps): Promise<IngestService> {
  const outcomes = new OutcomeRecorder(
    (rows) => upsertOutcomes(deps.db, rows),
    1_000,
    (err) => app.log.warn({ err }, 'could not store outcomes'),
  );
  let redis: Redis | undefined;
  if (deps.config.redisUrl) {
    redis = new Redis(deps.config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
    redis.on('error', () => {});
  }
  const service = new IngestService({
    config: deps.config,
    queue: deps.queue,
    lookup: dbKeyLookup(deps.db),
    outcomes,
    redis,
  });
  app.addHook('onClose', async () => {
    await service.close();
    await outcomes.close();
  });
  const contexts = new WeakMap<FastifyRequest, Ctx>();

  function projectParam(request: FastifyRequest): string | undefined {
    const pid = (request.params as { projectId?: string }).projectId;
    if (pid === undefined) return undefined;
    if (!PROJECT_ID.test(pid)) throw new AppError('bad_request', `invalid project id "${pid.slice(0, 40)}"`);
    return String(Number(pid));
  }

  async function onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const origin = requestOrigin(request.headers.origin, request.headers.referer);
    if (request.headers.origin) {
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-expose-headers', CORS_EXPOSE_HEADERS);
    }
    if (request.method === 'OPTIONS') return;
    const ctx: Ctx = {
      meta: { receivedAt: Date.now(), remoteAddr: request.ip ?? null, userAgent: header(request, 'user-agent') },
      origin,
      auth: authFromRequest(request.headers, request.query as Record<string, unknown>),
      key: null,
    };
    contexts.set(request, ctx);
    const projectId = projectParam(request);
    if (ctx.auth) {
      ctx.key = await service.resolveKey(ctx.auth.publicKey, projectId, origin);
    } else if (!request.url.includes('/envelope')) {
      // Only envelopes can authenticate themselves (header `dsn`).
      throw new AppError('unauthorized', 'missing authorization information');
    }
    if (ctx.key) {
      if (origin && request.headers.origin && !ctx.key.allowedOrigins.includes('*')) {
        reply.header('access-control-allow-origin', request.headers.origin);
        reply.header('vary', 'Origin');
      }
      service.checkGlobal(ctx.key);
    }
  }

  function context(request: FastifyRequest): Ctx {
    const ctx = contexts.get(request);
    if (!ctx) throw new AppError('unauthorized', 'missing authorization information');
    return ctx;
  }

  async function body(request: FastifyRequest): Promise<Buffer> {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    return decompressBody(raw, request.headers['content-encoding'], LIMITS.maxEnvelopeBytes);
  }

  /** Auth from the envelope header `dsn` when the request had none; mismatches → 400. */
  async function keyForEnvelope(request: FastifyRequest, ctx: Ctx, envelope: Envelope): Promise<IngestKey> {
    const rawDsn = envelope.header.dsn;
    if (rawDsn !== undefined && rawDsn !== null) {
      const dsn = parseDsn(rawDsn);
      if (!dsn || !isValidPublicKey(dsn.publicKey)) throw new AppError('bad_request', 'invalid dsn in envelope header');
      const projectId = projectParam(request);
      if (projectId !== undefined && dsn.projectId !== projectId) {
        throw new AppError('bad_request', 'header mismatch: the envelope dsn names another project');
      }
      if (ctx.auth && ctx.auth.publicKey !== dsn.publicKey) {
        throw new AppError('bad_request', 'header mismatch: the envelope dsn names another key');
      }
      if (!ctx.key) {
        ctx.key = await service.resolveKey(dsn.publicKey, dsn.projectId, ctx.origin);
        service.checkGlobal(ctx.key);
      }
    }
    if (!ctx.key) throw new AppError('unauthorized', 'missing authorization information');
    return ctx.key;
  }

  async function respond(reply: FastifyReply, key: IngestKey, ctx: Ctx, envelope: Envelope, raw: Buffer, gif = false) {
    const result = await service.accept(key, envelope, raw, ctx.meta);
    if (result.status === 429) {
      throw new AppError('rate_limited', 'Rate limit exceeded for this DSN key', { headers: result.headers ?? {} });
    }
    if (gif) return reply.type('image/gif').send(GIF);
    return reply.type('application/json').send(result.eventId ? `{"id":"${result.eventId}"}` : '{}');
  }

  async function envelopeHandler(request: FastifyRequest, reply: FastifyReply) {
    const ctx = context(request);
    try {
      const raw = await body(request);
      const envelope = parseEnvelope(raw);
      const key = await keyForEnvelope(request, ctx, envelope);
      return await respond(reply, key, ctx, envelope, raw);
    } catch (err) {
      if (ctx.key) service.recordRejected(ctx.key, err);
      throw err;
    }
  }

  async function storeHandler(request: FastifyRequest, reply: FastifyReply) {
    const ctx = context(request);
    const key = ctx.key;
    if (!key) throw new AppError('unauthorized', 'missing authorization information');
    try {
      let raw: Buffer;
      if (request.method === 'GET') {
        const data = (request.query as Record<string, unknown>).sentry_data;
        if (typeof data !== 'string' || data === '') throw new AppError('bad_request', 'missing sentry_data');
        raw = Buffer.from(data);
      } else {
        raw = await body(request);
      }
      const contentType = header(request, 'content-type') ?? '';
      if (contentType.startsWith('application/x-sentry-envelope')) {
        const envelope = parseEnvelope(raw);
        return await respond(reply, await keyForEnvelope(request, ctx, envelope), ctx, envelope, raw);
      }
      const { json, event } = parseStoreBody(raw, MAX_EVENT_BYTES);
      let eventId = newEventId();
      if (event.event_id !== undefined && event.event_id !== null) {
        const id = normalizeEventId(event.event_id);
        if (!id) throw new AppError('bad_request', 'invalid event_id');
        eventId = id;
      }
      const type = event.type === 'transaction' ? 'transaction' : 'event';
      const envelopeBytes = singleItemEnvelope({ event_id: eventId }, type, json);
      return await respond(reply, key, ctx, parseEnvelope(envelopeBytes), envelopeBytes, request.method === 'GET');
    } catch (err) {
      service.recordRejected(key, err);
      throw err;
    }
  }

  async function preflight(request: FastifyRequest, reply: FastifyReply) {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
    reply.header('access-control-allow-headers', CORS_ALLOW_HEADERS);
    reply.header('access-control-expose-headers', CORS_EXPOSE_HEADERS);
    reply.header('access-control-max-age', '3600');
    void request;
    return reply.status(200).send();
  }

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: LIMITS.maxRequestBytes }, (_req, payload, done) =>
      done(null, payload),
    );
    scope.addHook('onRequest', onRequest);
    const opts = { bodyLimit: LIMITS.maxRequestBytes };
    for (const url of ['/api/:projectId/envelope/', '/api/:projectId/envelope']) {
      scope.post(url, opts, envelopeHandler);
      scope.options(url, preflight);
    }
    for (const url of ['/api/:projectId/store/', '/api/:projectId/store', '/api/store/', '/api/store']) {
      scope.post(url, opts, storeHandler);
      scope.get(url, storeHandler);
      scope.options(url, preflight);
    }
  });
  return service;
}
