/** Admin commands that need the database; run in-process or, through the admin bridge, by a running server. */
import { bootstrap, createUser } from '../accounts/index.js';
import type { Config } from '../config/index.js';
import { AppError } from '../shared/errors.js';
import { type Db, migrateToLatest } from '../storage/index.js';

export type AdminCommand =
  | { name: 'migrate' }
  | { name: 'createuser'; email: string; password: string; superuser: boolean }
  | { name: 'bootstrap'; email: string; password: string; org: string; project: string; platform?: string | undefined };

export async function runAdminCommand(
  db: Db,
  config: Pick<Config, 'publicUrl' | 'secretKey'>,
  cmd: AdminCommand,
): Promise<unknown> {
  switch (cmd?.name) {
    case 'migrate': {
      const results = await migrateToLatest(db);
      return { applied: results.map((r) => r.migrationName) };
    }
    case 'createuser': {
      const user = await createUser(db, { email: cmd.email, password: cmd.password, superuser: cmd.superuser });
      return { id: String(user.id), email: user.email, isSuperuser: user.is_superuser };
    }
    case 'bootstrap':
      return bootstrap(db, { publicUrl: config.publicUrl, secretKey: config.secretKey }, cmd);
    default:
      throw new AppError('bad_request', 'unknown admin command');
  }
}
