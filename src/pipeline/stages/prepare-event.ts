/**
 * One error/default event through the per-event stages, in Sentry's order:
 *   normalize → inbound filters (filtered → dropped with a reason) → scrub → enhancements
 *   (in_app) → grouping (hashes, variants) → title/culprit/metadata → compress.
 * Pure CPU work (no database): runs before the batch transaction.
 */
import { gzipSync } from 'node:zlib';
import {
  deriveTitleAndCulprit,
  enhanceAndGroup,
  JsonBytesWriter,
  type ProjectGroupingConfig,
  type Variant,
  writeVariantsJson,
} from '../grouping/index.js';
import { isRecord, type JsonRecord, noNul, str, strOrNull, toDate, uuidHex } from '../items/common.js';
import type { ItemContext } from '../items/context.js';
import type { PipelineProject } from '../projects.js';
import { issueMetadata, searchMessage } from './issue-metadata.js';
import type { EventProcessors } from './processors.js';
import type { PreparedEvent } from './types.js';

const MAX_TAGS = 200;

/** The stored payload is assembled here, compressed, and the buffer reused by the next event. */
const payloadWriter = new JsonBytesWriter();

/** A variant without its component tree (not even built: `component` is a lazy getter). */
function summarizeVariant(v: Variant): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    if (key !== 'component') summary[key] = (v as unknown as Record<string, unknown>)[key];
  }
  return summary;
}

/** The per-event stages, in order (bench/prepare.ts reports µs per stage). */
export type PrepareStage = 'normalize' | 'filters' | 'scrub' | 'group' | 'title' | 'serialize' | 'compress' | 'row';

/** Optional clock: called as each stage ends (benchmarks); absent in the worker. */
export type StageClock = (stage: PrepareStage) => void;

export type PrepareEventResult =
  | { kind: 'event'; event: PreparedEvent }
  | { kind: 'filtered'; reason: string }
  | { kind: 'invalid'; reason: string };

const groupingConfigs = new WeakMap<PipelineProject, ProjectGroupingConfig>();

/** The project's grouping rules (one object per loaded project settings). */
function groupingConfigOf(project: PipelineProject): ProjectGroupingConfig {
  let cfg = groupingConfigs.get(project);
  if (cfg === undefined) {
    cfg = {};
    if (project.options.groupingEnhancements) cfg.enhancements = project.options.groupingEnhancements;
    if (project.options.fingerprintingRules) cfg.fingerprintingRules = project.options.fingerprintingRules;
    groupingConfigs.set(project, cfg);
  }
  return cfg;
}

function tagList(v: unknown): [string, string][] {
  const out: [string, string][] = [];
  if (!Array.isArray(v)) return out;
  for (const pair of v) {
    if (out.length >= MAX_TAGS) break;
    if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string')
      out.push([noNul(pair[0]), noNul(pair[1])]);
  }
  return out;
}

/** Normalizes an event-like item (event, transaction, feedback) and scrubs it; null when filtered. */
export function normalizeAndScrub(
  raw: unknown,
  ctx: ItemContext,
  project: PipelineProject,
  itemType: string,
  processors: EventProcessors,
  clock?: StageClock,
): { event: JsonRecord } | { filtered: string } {
  const { event } = processors.normalize(raw, {
    projectId: ctx.projectId,
    receivedAt: ctx.receivedAt.getTime(),
    sentAt: str(ctx.envelopeHeaders.sent_at, 64),
    remoteAddr: ctx.remoteAddr,
    userAgent: ctx.userAgent,
    itemType,
  });
  // The envelope header's event id wins over the payload's (Relay).
  if (ctx.envelopeEventId && itemType !== 'attachment') event.event_id = ctx.envelopeEventId;
  clock?.('normalize');
  const reason = processors.filter(event, project, ctx);
  clock?.('filters');
  if (reason) return { filtered: reason };
  const scrubbed = processors.scrub(event, project);
  clock?.('scrub');
  return { event: scrubbed };
}

export function prepareEvent(
  raw: unknown,
  ctx: ItemContext,
  project: PipelineProject,
  processors: EventProcessors,
  clock?: StageClock,
): PrepareEventResult {
  if (!isRecord(raw)) return { kind: 'invalid', reason: 'event payload is not a JSON object' };
  const res = normalizeAndScrub(raw, ctx, project, 'event', processors, clock);
  if ('filtered' in res) return { kind: 'filtered', reason: res.filtered };
  const eventId = uuidHex(res.event.event_id);
  if (!eventId) return { kind: 'invalid', reason: 'event without a valid event_id' };
  const grouping = groupingConfigOf(project);
  // Enhancements (in_app) and grouping over one canonical model of the event.
  const { event, grouping: g } = enhanceAndGroup(res.event, grouping);
  clock?.('group');

  const titleOpts: { mainExceptionId?: number; titleOverride?: string; canonical: true } = { canonical: true };
  if (g.mainExceptionId !== undefined) titleOpts.mainExceptionId = g.mainExceptionId;
  if (g.titleOverride !== undefined) titleOpts.titleOverride = g.titleOverride;
  const derived = deriveTitleAndCulprit(event, titleOpts);
  const title = noNul(derived.title);
  const culprit = noNul(derived.culprit);
  const metadata = issueMetadata(event, title, g.mainExceptionId);
  const hashes = (g.hashes.length > 0 ? g.hashes : [g.primaryHash]).map(noNul);

  event.title = title;
  event.culprit = culprit;
  event.metadata = metadata;
  event.hashes = hashes;
  event.grouping_config = { id: g.config, enhancements: grouping.enhancements ?? null };
  clock?.('title');

  // Every variant with its component tree ("why did this group?") travels in the compressed
  // payload as `_grouping`, the last key (a tree is several KB of JSON that gzips well); the
  // `grouping` column keeps the small summary (variant → type, hash, contributing values) that
  // lists and unmerge read. The trees are written as JSON text straight from the components.
  delete event._grouping;
  const body = JSON.stringify(event);
  const w = payloadWriter.reset();
  w.raw(body.length > 2 ? body.slice(0, -1) : '{');
  if (body.length > 2) w.raw(',');
  w.raw('"_grouping":{"config":').string(g.config).raw(',"variants":');
  writeVariantsJson(g.variants, w);
  w.raw('}}');
  const json = w.bytes();
  clock?.('serialize');
  const data = gzipSync(json, { level: 1 });
  clock?.('compress');
  const tags = tagList(event.tags);
  const timestamp = toDate(event.timestamp) ?? ctx.receivedAt;
  const level = str(event.level, 16) ?? 'error';
  const userTag = tags.find(([k]) => k === 'user')?.[1] ?? null;
  const type = str(event.type, 32) === 'default' ? 'default' : 'error';

  const prepared: PreparedEvent = {
    projectId: ctx.projectId,
    eventId,
    hashes,
    groupingConfig: g.config,
    tags,
    issue: {
      type,
      title: title.slice(0, 1024),
      culprit: culprit.slice(0, 200),
      level,
      platform: strOrNull(event.platform, 64),
      logger: strOrNull(event.logger, 64),
      metadata: JSON.stringify(metadata),
    },
    row: {
      project_id: ctx.projectId,
      event_id: eventId,
      type,
      timestamp,
      received_at: ctx.receivedAt,
      level,
      platform: strOrNull(event.platform, 64),
      environment: strOrNull(event.environment, 64),
      release: strOrNull(event.release, 250),
      transaction: strOrNull(event.transaction, 200),
      title: title.slice(0, 1024),
      message: noNul(searchMessage(event)),
      user_ident: userTag,
      primary_hash: hashes[0]!,
      hashes,
      tags: tags.map(([k, v]) => `${k}=${v}`),
      size: json.length,
      data,
      grouping: JSON.stringify({ config: g.config, variants: g.variants.map(summarizeVariant) }),
    },
  };
  clock?.('row');
  return { kind: 'event', event: prepared };
}
