/**
 * Shapes of the /api/0/ JSON the UI reads (Sentry's field names; docs/sentry-protocol.md §8).
 * Everything that comes from an event is attacker-controlled: optional fields are typed optional
 * or `unknown`, and views narrow them before use.
 */

export interface User {
  id: string;
  name: string;
  email: string;
  username?: string;
  isSuperuser?: boolean;
  avatarUrl?: string | null;
  dateJoined?: string;
}

export interface AuthConfig {
  hasUsers: boolean;
  canRegister: boolean;
  user: User | null;
}

export interface Organization {
  id: string;
  slug: string;
  name: string;
  dateCreated?: string;
  features?: string[];
  access?: string[];
  role?: string;
  orgRole?: string;
  openMembership?: boolean;
  defaultRole?: string;
  allowSharedIssues?: boolean;
}

export interface TeamRef {
  id: string;
  slug: string;
  name: string;
}

export interface Project {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  dateCreated?: string;
  firstEvent?: string | null;
  hasAccess?: boolean;
  isMember?: boolean;
  team?: TeamRef | null;
  teams?: TeamRef[];
  status?: string;
  // Project options (GET /projects/:org/:project/)
  allowedDomains?: string[];
  dataScrubber?: boolean;
  dataScrubberDefaults?: boolean;
  scrubIPAddresses?: boolean;
  sensitiveFields?: string[];
  safeFields?: string[];
  resolveAge?: number;
  options?: Record<string, unknown>;
  filters?: InboundFilter[];
}

export interface InboundFilter {
  id: string;
  active: boolean | string[];
  name?: string;
  description?: string;
}

export interface Team extends TeamRef {
  memberCount?: number;
  isMember?: boolean;
  dateCreated?: string;
  projects?: Project[];
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role?: string;
  orgRole?: string;
  roleName?: string;
  pending?: boolean;
  expired?: boolean;
  inviteStatus?: string;
  dateCreated?: string;
  user?: User | null;
  teams?: string[];
}

export interface ProjectKey {
  id: string;
  name: string;
  label?: string;
  public: string;
  secret: string;
  projectId: number | string;
  isActive: boolean;
  rateLimit: { window: number; count: number } | null;
  dsn: {
    public: string;
    secret: string;
    csp?: string;
    security?: string;
    minidump?: string;
    cdn?: string;
    otlp_traces?: string;
  };
  dateCreated?: string;
}

export interface ApiToken {
  id: string;
  name?: string | null;
  token?: string;
  tokenLastCharacters?: string;
  scopes: string[];
  dateCreated: string;
  expiresAt?: string | null;
}

export type IssueStatus = 'unresolved' | 'resolved' | 'ignored' | 'resolvedInNextRelease';

export interface Assignee {
  type: 'user' | 'team';
  id: string;
  name: string;
  email?: string;
}

export interface Issue {
  id: string;
  shortId: string;
  title: string;
  culprit: string | null;
  permalink?: string;
  logger?: string | null;
  level: string;
  status: string;
  substatus?: string | null;
  statusDetails?: Record<string, unknown>;
  isBookmarked?: boolean;
  isSubscribed?: boolean;
  hasSeen?: boolean;
  isUnhandled?: boolean;
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  project: { id: string; name: string; slug: string; platform?: string | null };
  type?: string;
  metadata?: Record<string, unknown>;
  numComments?: number;
  assignedTo: Assignee | null;
  platform?: string | null;
  stats?: Record<string, [number, number][]>;
  activity?: Activity[];
  tags?: TagSummary[];
  seenBy?: User[];
}

export interface EventEntry {
  type: string;
  data: unknown;
}

export interface EventTag {
  key: string;
  value: string;
}

export interface SentryEvent {
  id: string;
  eventID: string;
  groupID?: string | null;
  projectID?: string;
  title: string;
  message?: string | null;
  culprit?: string | null;
  location?: string | null;
  platform?: string | null;
  type?: string;
  dateCreated: string;
  dateReceived?: string;
  size?: number;
  dist?: string | null;
  release?: { version?: string } | string | null;
  environment?: string | null;
  user?: Record<string, unknown> | null;
  tags?: EventTag[];
  contexts?: Record<string, unknown>;
  context?: Record<string, unknown>;
  sdk?: Record<string, unknown> | null;
  packages?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  fingerprints?: string[];
  groupingConfig?: { id?: string } | null;
  entries?: EventEntry[];
  errors?: unknown[];
  previousEventID?: string | null;
  nextEventID?: string | null;
  attachments?: EventAttachment[];
}

export interface EventAttachment {
  id: string;
  name: string;
  size?: number;
  mimetype?: string;
  type?: string;
  headers?: Record<string, string>;
}

export interface TagValue {
  key?: string;
  name?: string;
  value: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
}

export interface TagSummary {
  key: string;
  name?: string;
  totalValues: number;
  topValues: TagValue[];
}

export interface IssueHash {
  id: string;
  latestEvent?: SentryEvent | null;
  mergedBySeer?: boolean;
}

export interface Activity {
  id: string;
  type: string;
  data: Record<string, unknown> | null;
  user: User | null;
  dateCreated: string;
}

export interface LiveIssueMessage {
  id: string;
  projectId: string;
  count: number;
  lastSeen: string;
  isNew: boolean;
}

export interface ProjectStats {
  [index: number]: [number, number];
}
