export type * from './accounts.table.js';
export { DataDirBusyError, type LockInfo, readDataDirLock } from './data-dir-lock.js';
export { checkDatabase, type Database, type DatabaseHandle, type Db, openDatabase } from './database.js';
export type * from './issues.table.js';
export { migrateToLatest } from './migrate.js';
