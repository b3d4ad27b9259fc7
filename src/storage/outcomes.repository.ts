/** The only SQL on `outcomes`: batched upserts (ingest) and reads per project and time range (API). */
import { sql } from 'kysely';
import type { Db } from './database.js';
import type { OutcomeKind, OutcomeRow } from './outcomes.table.js';

export interface OutcomeCount {
  projectId: number;
  keyId: number;
  /** Start of the UTC hour. */
  hour: Date;
  category: string;
  outcome: OutcomeKind;
  reason: string;
  quantity: number;
}

const BATCH = 500;

/** Adds the quantities to the stored counts (one multi-row statement per 500 rows). Rows must be distinct by key. */
export async function upsertOutcomes(db: Db, counts: readonly OutcomeCount[]): Promise<void> {
  for (let i = 0; i < counts.length; i += BATCH) {
    const rows = counts.slice(i, i + BATCH).map((c) => ({
      project_id: c.projectId,
      key_id: c.keyId,
      hour: c.hour,
      category: c.category,
      outcome: c.outcome,
      reason: c.reason,
      quantity: c.quantity,
    }));
    await db
      .insertInto('outcomes')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['project_id', 'hour', 'key_id', 'category', 'outcome', 'reason'])
          .doUpdateSet({ quantity: sql<number>`outcomes.quantity + excluded.quantity` }),
      )
      .execute();
  }
}

/** Outcome counts of one project with `since <= hour < until`, oldest first. */
export async function listOutcomes(db: Db, projectId: number, since: Date, until: Date): Promise<OutcomeCount[]> {
  const rows: OutcomeRow[] = await db
    .selectFrom('outcomes')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('hour', '>=', since)
    .where('hour', '<', until)
    .orderBy('hour')
    .orderBy('category')
    .orderBy('outcome')
    .orderBy('reason')
    .orderBy('key_id')
    .execute();
  return rows.map((r) => ({
    projectId: r.project_id,
    keyId: r.key_id,
    hour: new Date(r.hour),
    category: r.category,
    outcome: r.outcome,
    reason: r.reason,
    quantity: Number(r.quantity),
  }));
}
