/**
 * Event attachments, Sentry's paths:
 *   GET /api/0/projects/:org/:project/events/:eventId/attachments/                list
 *   GET /api/0/projects/:org/:project/events/:eventId/attachments/:id/[?download=1]  metadata or bytes
 * Attachment bytes are attacker-controlled: they are always served as a download
 * (application/octet-stream, Content-Disposition: attachment, nosniff), never rendered.
 */
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../server/app.js';
import { AppError } from '../../shared/errors.js';
import { findEventAttachment, listEventAttachments } from '../../storage/attachments.repository.js';
import { loadProject } from '../auth/index.js';
import { defineRoute } from '../http.js';
import { normalizeEventId } from './events.js';

type Params = Record<string, string>;
type AttachmentMeta = Awaited<ReturnType<typeof listEventAttachments>>[number];

export function serializeAttachment(a: AttachmentMeta) {
  const mimetype = a.content_type ?? 'application/octet-stream';
  return {
    id: a.item_key,
    event_id: a.event_id,
    name: a.name,
    type: a.attachment_type,
    size: a.size,
    mimetype,
    sha1: a.sha1,
    dateCreated: new Date(a.created_at).toISOString(),
    headers: { 'Content-Type': mimetype },
  };
}

/** A filename safe inside a quoted header value (ASCII, no quotes/controls), plus RFC 5987 UTF-8. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_').slice(0, 200) || 'attachment';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name.slice(0, 200))}`;
}

export function registerAttachmentRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  const base = '/projects/:org/:project/events/:eventId/attachments';
  const load = async (request: import('fastify').FastifyRequest) => {
    const p = request.params as Params;
    const access = await loadProject(db, request, p.org ?? '', p.project ?? '', 'event:read');
    const eventId = normalizeEventId(p.eventId);
    if (!eventId) throw new AppError('not_found', 'Event not found');
    return { projectId: access.project.id, eventId, attachmentId: p.attachmentId ?? '' };
  };
  defineRoute(api, {
    method: 'GET',
    url: `${base}/`,
    summary: 'List an event’s attachments',
    tags: ['Events'],
    handler: async (request) => {
      const { projectId, eventId } = await load(request);
      return (await listEventAttachments(db, projectId, eventId)).map(serializeAttachment);
    },
  });
  defineRoute(api, {
    method: 'GET',
    url: `${base}/:attachmentId/`,
    summary: 'Retrieve or download an event attachment',
    tags: ['Events'],
    handler: async (request, reply) => {
      const { projectId, eventId, attachmentId } = await load(request);
      const a = await findEventAttachment(db, projectId, eventId, attachmentId);
      if (!a) throw new AppError('not_found', 'Attachment not found');
      const download = (request.query as Record<string, unknown>)?.download;
      if (download === undefined || download === '0' || download === 'false') return serializeAttachment(a);
      const bytes = a.gzipped ? gunzipSync(a.data) : a.data;
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', contentDisposition(a.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(bytes);
    },
  });
}
