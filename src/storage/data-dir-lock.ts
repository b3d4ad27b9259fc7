/**
 * PGlite allows one process per data directory. This lock file makes that rule visible: a second
 * process that wants the embedded database finds who holds it (pid, command, port) and refuses
 * with a clear message, or (the CLI) talks to the holding server instead. A lock left by a
 * process that no longer runs is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../shared/errors.js';

export interface LockInfo {
  pid: number;
  command: string;
  port?: number | undefined;
  startedAt: string;
}

export interface DataDirLock {
  update(info: Partial<LockInfo>): void;
  release(): void;
}

export class DataDirBusyError extends ConfigError {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${holder.pid} (faultline ${holder.command}${holder.port ? ` on port ${holder.port}` : ''}); stop it first, or set DATABASE_URL to use PostgreSQL`,
    );
  }
}

function lockPath(dataDir: string): string {
  return path.join(dataDir, 'faultline.lock');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds the data dir now, or null when nobody (or only a dead process) does. */
export function readDataDirLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && isAlive(info.pid) && info.pid !== process.pid ? info : null;
  } catch {
    return null;
  }
}

export function acquireDataDirLock(
  dataDir: string,
  holder: { command: string; port?: number | undefined },
): DataDirLock {
  const file = lockPath(dataDir);
  let info: LockInfo = {
    pid: process.pid,
    command: holder.command,
    port: holder.port,
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      let released = false;
      return {
        update(patch) {
          info = { ...info, ...patch };
          fs.writeFileSync(file, JSON.stringify(info));
        },
        release() {
          if (released) return;
          released = true;
          try {
            fs.unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = readDataDirLock(dataDir);
      if (current) throw new DataDirBusyError(dataDir, current);
      // Stale (dead holder or unreadable): remove and try again.
      try {
        fs.unlinkSync(file);
      } catch {
        // raced with another process removing it
      }
    }
  }
  throw new ConfigError(`cannot lock the data directory ${dataDir}`);
}
