// Runs the real @sentry/node SDK (default transport) against DSN from the environment.
// MODE=events: a small error and a >32 KB message (gzip-compressed by the SDK).
// MODE=ratelimit: six errors, flushing after each; prints which capture calls happened.
import * as Sentry from '@sentry/node';

const dsn = process.env.DSN;
const mode = process.env.MODE ?? 'events';
Sentry.init({ dsn, tracesSampleRate: 0, sendClientReports: true, release: 'sdk-test@1.0.0' });

const ids = [];
if (mode === 'events') {
  ids.push(Sentry.captureException(new Error('small error from the real SDK')));
  ids.push(Sentry.captureMessage('large message', { level: 'warning', extra: { blob: 'x'.repeat(60_000) } }));
  await Sentry.flush(10_000);
} else {
  for (let i = 0; i < 6; i++) {
    ids.push(Sentry.captureException(new Error(`rate limited error ${i}`)));
    await Sentry.flush(5_000);
  }
}
await Sentry.close(5_000);
process.stdout.write(`${JSON.stringify({ ids })}\n`);
