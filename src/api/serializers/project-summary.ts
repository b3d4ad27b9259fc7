/** The project summary embedded in issues (Sentry: `{id, name, slug, platform}`, id as a string). */
export interface ProjectSummary {
  id: string;
  name: string;
  slug: string;
  platform: string | null;
}

export function serializeProjectSummary(p: {
  id: number;
  name: string;
  slug: string;
  platform: string | null;
}): ProjectSummary {
  return { id: String(p.id), name: p.name, slug: p.slug, platform: p.platform };
}
