export type * from './accounts.table.js';
export { DataDirBusyError, type LockInfo, readDataDirLock } from './data-dir-lock.js';
export { checkDatabase, type Database, type DatabaseHandle, type Db, openDatabase } from './database.js';
export type * from './issue-activity.table.js';
export type * from './issues.table.js';
export type * from './sessions.table.js';
export type * from './telemetry.table.js';
export { migrateToLatest } from './migrate.js';
