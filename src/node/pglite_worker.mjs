// The Node tools' engine: PGlite in a worker thread, so that a runaway query can be stopped the
// way the browser stops one, by terminating the thread (PGlite cannot be interrupted, and on the
// main thread it would block the very timer meant to stop it). It runs the browser's own
// runner (web/pglite-runner.js) on the batches node_transport.cpp sends.
//
// workerData: {pgliteDir, runnerPath}
// Messages out: {type:'ready', version} | {type:'failed', message} |
//               {type:'result', id, packed (replies packed as web/packing.js packs them), count, changed, ms}
//               {type:'pgDumped', id, text, error, ms}
// Messages in:  {type:'run', id, packed, count}   (the script's batches, packed)
//               {type:'pgDump', id, args}        (pg_dump's options; pglite-tools beside PGlite's package)
import { parentPort, workerData } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const load = (file) => import(pathToFileURL(file).href);
const queue = [];
let pg = null;
let runner = null;
let packing = null;
let running = false;

parentPort.on('message', (message) => {
  if (!message || (message.type !== 'run' && message.type !== 'pgDump')) return;
  queue.push(message);
  pump();
});

async function pump() {
  if (running || !pg) return;
  running = true;
  while (queue.length) {
    const request = queue.shift();
    if (request.type === 'pgDump') {
      parentPort.postMessage({ type: 'pgDumped', id: request.id, ...(await pgDump(request.args)) });
      continue;
    }
    const { id, packed, count } = request;
    let outcome;
    try {
      outcome = await runner.runBatches(pg, packing.unpackBatches(new Uint8Array(packed), count));
    } catch (err) {
      outcome = {
        replies: [runner.encodeErrorReply({ sqlstate: 'PGENG', message: 'PostgreSQL stopped with an internal error: ' + runner.describeError(err) })],
        changed: true,
        ms: 0,
      };
    }
    const out = packing.packBatches(outcome.replies);
    parentPort.postMessage({ type: 'result', id, packed: out, count: outcome.replies.length,
                             changed: !!outcome.changed, ms: outcome.ms }, [out.buffer]);
  }
  running = false;
}

// pglite-tools' pg_dump, loaded on first use from the package beside PGlite's (node_modules/
// @electric-sql/pglite-tools/dist next to .../pglite/dist).
let pgDumpModule = null;
async function pgDump(args) {
  let module;
  try {
    pgDumpModule ??= load(join(workerData.pgliteDir, '..', '..', 'pglite-tools', 'dist', 'pg_dump.js'));
    module = await pgDumpModule;
  } catch (err) {
    pgDumpModule = null;
    return { error: 'pg_dump could not be loaded: ' + runner.describeError(err), ms: 0 };
  }
  try {
    return await runner.pgDumpText(pg, module.pgDump, Array.isArray(args) ? args : []);
  } catch (err) {
    return { error: runner.describeError(err), ms: 0 };
  }
}

try {
  const { PGlite } = await load(join(workerData.pgliteDir, 'index.js'));
  runner = await load(workerData.runnerPath);
  packing = await load(join(dirname(workerData.runnerPath), 'packing.js'));
  const db = await PGlite.create();
  const version = await db.query('SHOW server_version');
  pg = db;
  parentPort.postMessage({ type: 'ready', version: String(version.rows[0]?.server_version ?? '') });
  pump();
} catch (err) {
  parentPort.postMessage({ type: 'failed', message: 'PGlite failed to start: ' + (err && err.message ? err.message : String(err)) });
}
