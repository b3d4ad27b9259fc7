/** Row type of `outcomes` (see migrations/0100-outcomes.ts). Written by ingest, read by the API. */
import type { ColumnType, Selectable } from 'kysely';

export type OutcomeKind = 'accepted' | 'filtered' | 'rate_limited' | 'invalid' | 'client_discard';

export interface OutcomesTable {
  project_id: number;
  key_id: number;
  /** Start of the UTC hour. */
  hour: ColumnType<Date, Date | string, Date | string>;
  /** Data category (`error`, `transaction`, `span`, `attachment`, …). */
  category: string;
  outcome: OutcomeKind;
  /** Why (empty for accepted): `key_quota`, `invalid_json`, SDK client-report reasons, … */
  reason: string;
  quantity: ColumnType<number, number, number>;
}

export type OutcomeRow = Selectable<OutcomesTable>;
