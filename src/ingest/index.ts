/**
 * Ingest: the SDK-facing endpoints. Authenticates DSN keys, enforces size and rate limits,
 * validates envelopes, enqueues them durably (src/queue) and counts outcomes. No event
 * processing happens here; the pipeline consumes the queue. See docs/ingest.md.
 */
export { authFromRequest, PROTOCOL_VERSION, type RequestAuth } from './auth.js';
export { isOriginAllowed } from './cors.js';
export { decompressBody } from './decompress.js';
export { handlesMethod, IngestHttp, type IngestRoute, matchIngestPath } from './http.js';
export { IngestService } from './ingest-service.js';
export { type InspectedEnvelope, inspectEnvelope } from './inspect-envelope.js';
export { dbKeyLookup, type IngestKey, KeyCache } from './key-cache.js';
export { OutcomeRecorder } from './outcomes.js';
export * as protocol from './protocol/index.js';
export { rateLimitHeader, WindowLimiter } from './rate-limit.js';
export { type IngestDeps, type MountedIngest, registerIngest } from './routes.js';
