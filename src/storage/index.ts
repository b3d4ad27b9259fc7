export { type Database, type DatabaseHandle, type Db, checkDatabase, openDatabase } from './database.js';
export { DataDirBusyError, readDataDirLock, type LockInfo } from './data-dir-lock.js';
export { migrateToLatest } from './migrate.js';
export type * from './accounts.table.js';
