/** The last characters of each API token, for lists (Sentry's `tokenLastCharacters`). */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_tokens add column token_last_characters text not null default ''`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_tokens drop column token_last_characters`.execute(db);
}
