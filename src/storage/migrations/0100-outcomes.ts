import { type Kysely, sql } from 'kysely';

/**
 * Outcomes: what ingest did with the data SDKs sent, counted per project, key, hour, data
 * category, outcome and reason (Sentry's "stats"). Upserted in batches by ingest. No foreign
 * keys: a batch must not fail because a project or key was deleted meanwhile.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outcomes (
      project_id integer not null,
      key_id integer not null,
      hour timestamptz not null,
      category text not null,
      outcome text not null check (outcome in ('accepted', 'filtered', 'rate_limited', 'invalid', 'client_discard')),
      reason text not null default '',
      quantity bigint not null default 0,
      primary key (project_id, hour, key_id, category, outcome, reason)
    );
    create index outcomes_hour on outcomes (hour);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table outcomes`.execute(db);
}
