// The PGlite thread: owns the embedded database so that SQL execution (WASM, single-threaded)
// runs beside the HTTP/event-loop thread instead of on it. Plain JS so it needs no TS loader.
// Protocol (one message per call, answered with the same id):
//   open {dir} · acquire → {lease} · query {lease, sql, params} → {rows, affectedRows} · release {lease} · close
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

let pg;
let tail = Promise.resolve();
let nextLease = 1;
const leases = new Map();

function lock() {
  let release;
  const next = new Promise((resolve) => {
    release = resolve;
  });
  const prev = tail;
  tail = prev.then(() => next);
  return prev.then(() => release);
}

function serializeError(err) {
  const e = err ?? {};
  return {
    message: String(e.message ?? e),
    code: e.code,
    detail: e.detail,
    constraint: e.constraint,
    table: e.table,
    column: e.column,
    schema: e.schema,
    severity: e.severity,
  };
}

async function handle(msg) {
  switch (msg.op) {
    case 'open':
      pg = await PGlite.create(msg.dir, { parsers: { 20: (v) => Number(v) } });
      await pg.waitReady;
      return {};
    case 'acquire': {
      const release = await lock();
      const lease = nextLease++;
      leases.set(lease, release);
      return { lease };
    }
    case 'query': {
      if (!leases.has(msg.lease)) throw new Error('query on a released PGlite connection');
      const res =
        msg.params.length === 0
          ? ((await pg.exec(msg.sql)).at(-1) ?? { rows: [], affectedRows: 0 })
          : await pg.query(msg.sql, msg.params);
      return { rows: res.rows, affectedRows: res.affectedRows };
    }
    case 'release': {
      const release = leases.get(msg.lease);
      leases.delete(msg.lease);
      release?.();
      return {};
    }
    case 'close':
      await tail;
      await pg?.close();
      return {};
    default:
      throw new Error(`unknown op ${msg.op}`);
  }
}

parentPort.on('message', (msg) => {
  handle(msg).then(
    (result) => parentPort.postMessage({ id: msg.id, ok: true, ...result }),
    (err) => parentPort.postMessage({ id: msg.id, ok: false, error: serializeError(err) }),
  );
});
