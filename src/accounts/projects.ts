/** Project use cases: create (with its first DSN key), update settings. */
import { AppError } from '../shared/errors.js';
import type { Db, Project, Team } from '../storage/index.js';
import * as repo from './accounts.repository.js';
import { assertSlug } from './bootstrap.js';
import { parseOptionsJson } from './project-options.js';
import { updateProject } from './projects.repository.js';
import { newKeyHex } from './tokens.js';

export function slugFromName(name: string, fallback: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return s && !/^\d+$/.test(s) ? s : fallback;
}

export async function createProject(
  db: Db,
  team: Team,
  input: { name: string; slug?: string | undefined; platform?: string | null | undefined },
): Promise<Project> {
  const slug = input.slug ?? slugFromName(input.name, 'project');
  assertSlug('project', slug);
  return db.transaction().execute(async (trx) => {
    if (await repo.findProject(trx, team.organization_id, slug)) {
      throw new AppError('conflict', 'A project with this slug already exists.');
    }
    const project = await repo.insertProject(trx, {
      organization_id: team.organization_id,
      team_id: team.id,
      slug,
      name: input.name,
      platform: input.platform ?? null,
    });
    await repo.insertProjectKey(trx, {
      project_id: project.id,
      label: 'Default',
      public_key: newKeyHex(),
      secret_key: newKeyHex(),
    });
    return project;
  });
}

/** Merges Sentry option keys into the stored options (null removes a key). */
export async function updateProjectSettings(
  db: Db,
  project: Project,
  patch: {
    name?: string | undefined;
    slug?: string | undefined;
    platform?: string | null | undefined;
    teamId?: number | undefined;
    options?: Record<string, unknown> | undefined;
  },
): Promise<Project> {
  if (patch.slug !== undefined && patch.slug !== project.slug) {
    assertSlug('project', patch.slug);
    if (await repo.findProject(db, project.organization_id, patch.slug)) {
      throw new AppError('conflict', 'A project with this slug already exists.');
    }
  }
  let options: string | undefined;
  if (patch.options && Object.keys(patch.options).length > 0) {
    const merged = parseOptionsJson(project.options);
    for (const [k, v] of Object.entries(patch.options)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    options = JSON.stringify(merged);
    if (options.length > 256 * 1024) throw new AppError('bad_request', 'Project options are too large.');
  }
  return updateProject(db, project.id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
    ...(patch.platform !== undefined ? { platform: patch.platform } : {}),
    ...(patch.teamId !== undefined ? { team_id: patch.teamId } : {}),
    ...(options !== undefined ? { options } : {}),
  });
}
