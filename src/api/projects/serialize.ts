/** Project and project key JSON as Sentry's ProjectSerializer / ProjectKeySerializer (§8.5). */
import { formatDsn } from '../../accounts/index.js';
import { INBOUND_FILTERS, readProjectOptions } from '../../accounts/project-options.js';
import type { Project, ProjectKey, Team } from '../../storage/index.js';
import { teamRef } from '../teams/serialize.js';

export interface ProjectContext {
  teamsById: ReadonlyMap<number, Team>;
  memberTeamIds: ReadonlySet<number>;
  scopes: ReadonlySet<string>;
}

const PROJECT_COLORS = ['#3f70dd', '#6c5fc7', '#e1567c', '#f2b712', '#4dc771', '#ff7738', '#3c74dd', '#8c68d4'];

export function serializeProject(p: Project, ctx: ProjectContext) {
  const team = p.team_id !== null ? ctx.teamsById.get(p.team_id) : undefined;
  const isMember = p.team_id !== null && ctx.memberTeamIds.has(p.team_id);
  return {
    id: String(p.id),
    slug: p.slug,
    name: p.name,
    platform: p.platform,
    dateCreated: p.created_at.toISOString(),
    isBookmarked: false,
    isMember,
    hasAccess: true,
    features: [] as string[],
    firstEvent: null,
    firstTransactionEvent: false,
    access: [...ctx.scopes].filter((s) => s.startsWith('project:') || s.startsWith('event:')).sort(),
    hasMinifiedStackTrace: false,
    hasMonitors: false,
    hasProfiles: false,
    hasReplays: false,
    hasSessions: false,
    isInternal: false,
    isPublic: false,
    avatar: { avatarType: 'letter_avatar', avatarUuid: null },
    color: PROJECT_COLORS[p.id % PROJECT_COLORS.length],
    status: 'active',
    team: team ? teamRef(team) : null,
    teams: team ? [teamRef(team)] : [],
  };
}

/** Project details: the summary plus settings (Sentry's DetailedProjectSerializer names). */
export function serializeProjectDetail(p: Project, ctx: ProjectContext, org: object) {
  const o = readProjectOptions(p.options);
  return {
    ...serializeProject(p, ctx),
    organization: org,
    subjectPrefix: o.subjectPrefix,
    allowedDomains: o.allowedDomains,
    resolveAge: o.resolveAge,
    dataScrubber: o.scrubData,
    dataScrubberDefaults: o.scrubDefaults,
    sensitiveFields: o.sensitiveFields,
    safeFields: o.safeFields,
    scrubIPAddresses: o.scrubIpAddresses,
    scrapeJavaScript: o.scrapeJavaScript,
    storeCrashReports: null,
    verifySSL: false,
    groupingConfig: 'newstyle:2023-01-11',
    fingerprintingRules: o.fingerprintingRules,
    groupingEnhancements: o.groupingEnhancements,
    processingIssues: 0,
    defaultEnvironment: null,
    options: {
      'filters:blacklisted_ips': o.blacklistedIps.join('\n'),
      'filters:releases': o.filteredReleases.join('\n'),
      'filters:error_messages': o.filteredErrorMessages.join('\n'),
      ...Object.fromEntries(INBOUND_FILTERS.map((f) => [`filters:${f.id}`, o.filters[f.id]])),
      'sentry:origins': o.allowedDomains.join('\n'),
      'sentry:resolve_age': o.resolveAge,
      'sentry:scrub_data': o.scrubData,
      'sentry:scrub_defaults': o.scrubDefaults,
      'sentry:scrub_ip_address': o.scrubIpAddresses,
      'sentry:sensitive_fields': o.sensitiveFields,
      'sentry:safe_fields': o.safeFields,
    },
  };
}

export function keyDsns(publicUrl: string, k: ProjectKey) {
  const u = new URL(publicUrl);
  const base = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  const pid = k.project_id;
  const q = `?sentry_key=${k.public_key}`;
  const dsnPublic = formatDsn(publicUrl, k.public_key, pid);
  return {
    public: dsnPublic,
    secret: dsnPublic.replace(`//${k.public_key}@`, `//${k.public_key}:${k.secret_key}@`),
    csp: `${base}/api/${pid}/csp-report/${q}`,
    security: `${base}/api/${pid}/security/${q}`,
    minidump: `${base}/api/${pid}/minidump/${q}`,
    nel: `${base}/api/${pid}/nel/${q}`,
    unreal: `${base}/api/${pid}/unreal/${k.public_key}/`,
    crons: `${base}/api/${pid}/cron/___MONITOR_SLUG___/${k.public_key}/`,
    cdn: `${base}/js-sdk-loader/${k.public_key}.min.js`,
    playstation: `${base}/api/${pid}/playstation/${q}`,
    integration: `${base}/`,
    otlp_traces: `${base}/api/${pid}/integration/otlp/v1/traces`,
    otlp_logs: `${base}/api/${pid}/integration/otlp/v1/logs`,
  };
}

export function serializeProjectKey(publicUrl: string, k: ProjectKey) {
  return {
    id: k.public_key,
    name: k.label,
    label: k.label,
    public: k.public_key,
    secret: k.secret_key,
    projectId: k.project_id,
    isActive: k.is_active,
    rateLimit:
      k.rate_limit_count !== null && k.rate_limit_window !== null
        ? { window: k.rate_limit_window, count: k.rate_limit_count }
        : null,
    dsn: keyDsns(publicUrl, k),
    browserSdkVersion: 'latest',
    browserSdk: { choices: [['latest', 'latest']] },
    dateCreated: k.created_at.toISOString(),
    dynamicSdkLoaderOptions: {
      hasReplay: false,
      hasPerformance: false,
      hasDebug: false,
      hasFeedback: false,
      hasLogsAndMetrics: false,
    },
    useCase: 'user',
  };
}
