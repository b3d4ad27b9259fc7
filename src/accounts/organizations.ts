/** Organization use cases: creating one (with a first team and its owner). */
import { AppError } from '../shared/errors.js';
import type { Db, Organization } from '../storage/index.js';
import * as repo from './accounts.repository.js';
import { assertSlug } from './bootstrap.js';
import { findUserById } from './users.repository.js';

export async function createOrganization(
  db: Db,
  ownerUserId: number,
  input: { name: string; slug: string },
): Promise<Organization> {
  assertSlug('organization', input.slug);
  return db.transaction().execute(async (trx) => {
    if (await repo.findOrganizationBySlug(trx, input.slug)) {
      throw new AppError('conflict', 'An organization with this slug already exists.');
    }
    const user = await findUserById(trx, ownerUserId);
    if (!user) throw new AppError('unauthorized', 'User inactive or deleted');
    const org = await repo.insertOrganization(trx, { slug: input.slug, name: input.name });
    const team = await repo.insertTeam(trx, { organization_id: org.id, slug: input.slug, name: input.name });
    const member = await repo.insertMember(trx, {
      organization_id: org.id,
      user_id: user.id,
      email: user.email,
      role: 'owner',
    });
    await repo.addTeamMember(trx, team.id, member.id);
    return org;
  });
}
