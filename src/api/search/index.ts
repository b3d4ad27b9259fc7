export { eventWhere } from './event-where.js';
export {
  type AssigneeTarget,
  type CompareOp,
  type IssueFilter,
  parseIssueQuery,
  resolveFilters,
  tagKeysFor,
} from './filters.js';
export { type FilterNode, parseSearch, type SearchNode, type TextNode } from './parse.js';
export { escapeLike, filterToSql, issueWhere, type WhereContext, wildcardToLike } from './where.js';
