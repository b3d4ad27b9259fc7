/**
 * Configuration: environment variables (and CLI flags, which win), parsed once and validated.
 * Every problem becomes a ConfigError with a one-line, human message.
 * Reference: docs/configuration.md.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../shared/errors.js';

export type Role = 'all' | 'ingest' | 'worker' | 'web';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  publicUrl: string;
  secretKey: string;
  role: Role;
  logLevel: string;
  /** Events per minute accepted for one project key when the key sets no limit (0 = unlimited). */
  defaultKeyRateLimit: number;
  /** Events per second accepted by one ingest process over all projects (safety valve, 0 = off). */
  globalRateLimit: number;
  /** Most disk the embedded spool may hold, in MiB, before ingest answers 503 (0 = no cap). */
  spoolMaxMb: number;
}

export type ConfigOverrides = Partial<
  Record<'port' | 'host' | 'dataDir' | 'databaseUrl' | 'redisUrl' | 'publicUrl' | 'role' | 'logLevel', string>
>;

const ROLES: readonly Role[] = ['all', 'ingest', 'worker', 'web'];

function parsePort(raw: string, name: string): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a port number (0-65535), got "${raw}"`);
  const port = Number(raw);
  if (port > 65535) throw new ConfigError(`${name} must be a port number (0-65535), got "${raw}"`);
  return port;
}

function parseNonNegativeInt(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return Number(raw);
}

function parseUrl(raw: string, name: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${raw}"`);
  }
  return raw;
}

/** Reads FAULTLINE_SECRET_KEY, or the key persisted in the data dir, or generates and persists one. */
function resolveSecretKey(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) {
    if (fromEnv.length < 16) throw new ConfigError('FAULTLINE_SECRET_KEY must be at least 16 characters long');
    return fromEnv;
  }
  const file = path.join(dataDir, 'secret.key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const key = randomBytes(32).toString('hex');
  try {
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw new ConfigError(`cannot write ${file}: ${(err as Error).message}`);
  }
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const get = (key: keyof ConfigOverrides, envName: string): string | undefined => {
    const v = overrides[key] ?? env[envName];
    return v === undefined || v === '' ? undefined : v;
  };
  const port = parsePort(get('port', 'PORT') ?? '8000', 'PORT');
  const host = get('host', 'HOST') ?? '0.0.0.0';
  const dataDir = path.resolve(get('dataDir', 'FAULTLINE_DATA_DIR') ?? './data');
  const databaseUrlRaw = get('databaseUrl', 'DATABASE_URL');
  const databaseUrl = databaseUrlRaw
    ? parseUrl(databaseUrlRaw, 'DATABASE_URL', ['postgres:', 'postgresql:'])
    : undefined;
  const redisUrlRaw = get('redisUrl', 'REDIS_URL');
  const redisUrl = redisUrlRaw ? parseUrl(redisUrlRaw, 'REDIS_URL', ['redis:', 'rediss:']) : undefined;
  const publicUrlRaw = get('publicUrl', 'FAULTLINE_URL') ?? `http://localhost:${port}`;
  const publicUrl = parseUrl(publicUrlRaw, 'FAULTLINE_URL', ['http:', 'https:']).replace(/\/+$/, '');
  const roleRaw = get('role', 'FAULTLINE_ROLE') ?? 'all';
  if (!ROLES.includes(roleRaw as Role))
    throw new ConfigError(`--role must be one of ${ROLES.join(', ')}, got "${roleRaw}"`);
  const logLevel = get('logLevel', 'LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "${logLevel}"`);
  }

  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new ConfigError(`cannot create FAULTLINE_DATA_DIR ${dataDir}: ${(err as Error).message}`);
  }
  const secretKey = resolveSecretKey(dataDir, env.FAULTLINE_SECRET_KEY);

  return {
    port,
    host,
    dataDir,
    databaseUrl,
    redisUrl,
    publicUrl,
    secretKey,
    role: roleRaw as Role,
    logLevel,
    defaultKeyRateLimit: parseNonNegativeInt(env.FAULTLINE_KEY_RATE_LIMIT, 'FAULTLINE_KEY_RATE_LIMIT', 0),
    globalRateLimit: parseNonNegativeInt(env.FAULTLINE_GLOBAL_RATE_LIMIT, 'FAULTLINE_GLOBAL_RATE_LIMIT', 0),
    spoolMaxMb: parseNonNegativeInt(env.FAULTLINE_SPOOL_MAX_MB, 'FAULTLINE_SPOOL_MAX_MB', 4096),
  };
}
