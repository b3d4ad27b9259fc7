// A tiny app using the real @sentry/node SDK against DSN from the environment (pipeline e2e).
// It throws the same error twice from one line, once from another line, sends a message with a
// secret in `extra`, and prints the event ids.
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.DSN,
  tracesSampleRate: 0,
  release: 'pipeline-e2e@1.0.0',
  environment: 'test',
  // Dedupe would drop the second identical error: the point here is to send it twice.
  integrations: (defaults) => defaults.filter((i) => i.name !== 'Dedupe'),
});

function parseQuantity(q) {
  if (!Number.isInteger(q)) throw new RangeError('Quantity must be an integer');
  return q;
}
function parseQuantityStrict(q) {
  if (!Number.isInteger(q)) throw new RangeError('Quantity must be an integer');
  return q;
}

const ids = { sameLine: [], otherLine: [], message: [] };
for (const q of [1.5, 2.5]) {
  try {
    parseQuantity(q);
  } catch (err) {
    ids.sameLine.push(Sentry.captureException(err, { user: { id: `user-${q}` } }));
  }
}
try {
  parseQuantityStrict(3.5);
} catch (err) {
  ids.otherLine.push(Sentry.captureException(err));
}
// The secret comes from the environment so that source context lines do not contain it.
ids.message.push(Sentry.captureMessage('Checkout failed', { extra: { password: process.env.SECRET_PW } }));
await Sentry.flush(10_000);
await Sentry.close(5_000);
process.stdout.write(`${JSON.stringify(ids)}\n`);
