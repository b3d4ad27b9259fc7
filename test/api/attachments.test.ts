/**
 * Event attachments recorded from @sentry/node (text + JSON on an error; a 40 KiB binary on a
 * message, gzip-compressed on the wire) go through the real pipeline and come back through the API:
 * listed with Sentry's fields, downloaded byte for byte, always as a download, never to strangers.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, type TestUser } from '../../src/api/testing.js';
import { createBatchContext, processBatch } from '../../src/pipeline/index.js';
import { delivery, fixtureMessage } from '../pipeline/helpers.js';

let ctx: ApiTestContext;
let owner: TestUser;
let stranger: TestUser;
const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

function eventIdOf(fixture: string): string {
  const header = fixtureMessage(fixture, 1).envelope.toString('utf8').split('\n')[0]!;
  return (JSON.parse(header) as { event_id: string }).event_id.replace(/-/g, '');
}

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('owner@example.com');
  stranger = await ctx.createUser('stranger@example.com');
  const { project } = await ctx.createOrgWithProject(owner, { org: 'acme', project: 'api', platform: 'node' });
  await ctx.createOrgWithProject(stranger, { org: 'other', project: 'x', platform: 'node' });
  const res = await processBatch(createBatchContext(ctx.db, quiet as never), [
    delivery(fixtureMessage('node/attachment.01-event+attachment.json', project.id)),
    delivery(fixtureMessage('node/attachment.02-event+attachment.json', project.id)),
  ]);
  expect(res.failed).toEqual([]);
});

afterAll(async () => {
  await ctx?.close();
});

const get = (url: string, user: TestUser = owner) =>
  ctx.app.inject({ method: 'GET', url: `/api/0${url}`, headers: user.bearer });

describe('event attachments API', () => {
  it('lists the attachments of an event with Sentry’s fields', async () => {
    const eventId = eventIdOf('node/attachment.01-event+attachment.json');
    const res = await get(`/projects/acme/api/events/${eventId}/attachments/`);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as Array<Record<string, unknown>>;
    expect(list.map((a) => a.name).sort()).toEqual(['debug.log', 'state.json']);
    const log = list.find((a) => a.name === 'debug.log')!;
    expect(log).toMatchObject({ type: 'event.attachment', size: 55, mimetype: 'text/plain', event_id: eventId });
    expect(typeof log.id).toBe('string');
    expect(log.sha1).toMatch(/^[0-9a-f]{40}$/);
  });

  it('downloads the original bytes as an attachment, including a binary one sent gzip-compressed', async () => {
    for (const fixture of ['node/attachment.01-event+attachment.json', 'node/attachment.02-event+attachment.json']) {
      const eventId = eventIdOf(fixture);
      const list = (await get(`/projects/acme/api/events/${eventId}/attachments/`)).json() as Array<{
        id: string;
        size: number;
        sha1: string;
      }>;
      expect(list.length).toBeGreaterThan(0);
      for (const a of list) {
        const res = await get(
          `/projects/acme/api/events/${eventId}/attachments/${encodeURIComponent(a.id)}/?download=1`,
        );
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('application/octet-stream');
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.rawPayload.length).toBe(a.size);
        expect(createHash('sha1').update(res.rawPayload).digest('hex')).toBe(a.sha1);
      }
    }
    const big = (
      await get(`/projects/acme/api/events/${eventIdOf('node/attachment.02-event+attachment.json')}/attachments/`)
    ).json();
    expect(big[0].size).toBeGreaterThanOrEqual(40 * 1024);
  });

  it('answers 404 for unknown attachments and to members of other organizations, 401 anonymously', async () => {
    const eventId = eventIdOf('node/attachment.01-event+attachment.json');
    expect((await get(`/projects/acme/api/events/${eventId}/attachments/nope/?download=1`)).statusCode).toBe(404);
    expect((await get(`/projects/acme/api/events/${eventId}/attachments/`, stranger)).statusCode).toBe(404);
    const anon = await ctx.app.inject({
      method: 'GET',
      url: `/api/0/projects/acme/api/events/${eventId}/attachments/`,
    });
    expect(anon.statusCode).toBe(401);
  });
});
