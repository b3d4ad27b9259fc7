/**
 * `faultline` — the command line: serve, migrate, createuser, bootstrap.
 * Errors people can fix (configuration, bad arguments, a busy data directory) print one line and exit 1.
 */
import { parseArgs } from 'node:util';
import { type ConfigOverrides, loadConfig } from '../config/index.js';
import { startServer } from '../server/serve.js';
import { AppError, ConfigError } from '../shared/errors.js';
import { runViaServerOrLocally } from './run-admin.js';

const USAGE = `Usage: faultline <command> [options]

Commands:
  serve [--port N] [--role all|ingest|worker|web]   start Faultline (what \`npm start\` runs)
  migrate                                           apply database migrations
  createuser --email E --password P [--superuser]   create a user
  bootstrap --email E --password P --org ORG --project PROJ [--platform P] [--json]
                                                    ensure user, organization, team, project, DSN and API token

Configuration comes from the environment (PORT, FAULTLINE_DATA_DIR, DATABASE_URL, REDIS_URL,
FAULTLINE_URL, FAULTLINE_SECRET_KEY); see docs/configuration.md. Flags --data-dir, --database-url,
--redis-url and --url override them.`;

const COMMON = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'redis-url': { type: 'string' },
  url: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function overridesFrom(values: Record<string, unknown>): ConfigOverrides {
  const o: ConfigOverrides = {};
  const pick = (flag: string, key: keyof ConfigOverrides) => {
    const v = values[flag];
    if (typeof v === 'string') o[key] = v;
  };
  pick('data-dir', 'dataDir');
  pick('database-url', 'databaseUrl');
  pick('redis-url', 'redisUrl');
  pick('url', 'publicUrl');
  pick('port', 'port');
  pick('host', 'host');
  pick('role', 'role');
  return o;
}

function required(values: Record<string, unknown>, ...names: string[]): void {
  const missing = names.filter((n) => typeof values[n] !== 'string' || values[n] === '');
  if (missing.length) throw new AppError('bad_request', `missing ${missing.map((m) => `--${m}`).join(', ')}`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: { ...COMMON, port: { type: 'string' }, host: { type: 'string' }, role: { type: 'string' } },
      });
      if (values.help) {
        console.log(USAGE);
        return 0;
      }
      const config = loadConfig(process.env, overridesFrom(values));
      const server = await startServer(config);
      const onSignal = (signal: string) => {
        server.app.log.info({ signal }, 'signal received');
        server.stop().then(
          () => process.exit(0),
          (err) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => onSignal('SIGTERM'));
      process.once('SIGINT', () => onSignal('SIGINT'));
      return -1; // keep running
    }
    case 'migrate': {
      const { values } = parseArgs({ args: rest, options: COMMON });
      const config = loadConfig(process.env, overridesFrom(values));
      const out = (await runViaServerOrLocally(config, { name: 'migrate' })) as { applied: string[] };
      console.log(out.applied.length ? `applied: ${out.applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    case 'createuser': {
      const { values } = parseArgs({
        args: rest,
        options: { ...COMMON, email: { type: 'string' }, password: { type: 'string' }, superuser: { type: 'boolean' } },
      });
      required(values, 'email', 'password');
      const config = loadConfig(process.env, overridesFrom(values));
      const out = await runViaServerOrLocally(config, {
        name: 'createuser',
        email: values.email as string,
        password: values.password as string,
        superuser: values.superuser ?? false,
      });
      console.log(JSON.stringify(out));
      return 0;
    }
    case 'bootstrap': {
      const { values } = parseArgs({
        args: rest,
        options: {
          ...COMMON,
          email: { type: 'string' },
          password: { type: 'string' },
          org: { type: 'string' },
          project: { type: 'string' },
          platform: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      required(values, 'email', 'password', 'org', 'project');
      const config = loadConfig(process.env, overridesFrom(values));
      const out = (await runViaServerOrLocally(config, {
        name: 'bootstrap',
        email: values.email as string,
        password: values.password as string,
        org: values.org as string,
        project: values.project as string,
        platform: values.platform,
      })) as Record<string, string>;
      if (values.json) console.log(JSON.stringify(out));
      else for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(10)} ${v}`);
      return 0;
    }
    default:
      console.error(`faultline: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (
      err instanceof ConfigError ||
      err instanceof AppError ||
      (err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')
    ) {
      console.error(`faultline: ${(err as Error).message}`);
    } else if ((err as { code?: string })?.code === 'EADDRINUSE') {
      console.error(`faultline: ${(err as Error).message} (is another server running? set PORT)`);
    } else {
      console.error('faultline: unexpected error:', err);
    }
    process.exit(1);
  },
);
