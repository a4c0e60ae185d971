// [SECTION] Database worker bridge
//
// One bridge per PGlite worker (db-worker.js), told apart by `channel`: 0 the learner's sandbox
// (an embed's own database), started at once in parallel with the UI module (PostgreSQL is the
// larger download; an embed's when it is wanted, see main.js); 1 the race scenarios' own database
// and 2 the lessons' own, each started when C++ first asks (pgplay_js_db_start). The bridges
// share one compiled engine (createEngineShare), so a second database costs neither a download
// nor a compile. Its events reach C++ (pgplay_db_*) with the channel; events that arrive before
// the C++ app exists are held and delivered when it starts. Stop restarts the worker (PGlite cannot be interrupted), and a
// message from a worker that has been replaced is dropped. Batches from C++ and replies to it
// are packed by packing.js.

import { withBytes, withCString } from './heap.js';
import { packBatches, unpackBatches } from './packing.js';
import { describeError } from './runtime.js';

const STARTING = 'starting';   // a bridge's worker while it waits for the engine
const BOOT_NAME = 'pgplay-boot ';   // a worker named so boots from its name (see db-worker.js)

// The compiled PostgreSQL engine the first worker posts back, for every later worker of the page
// (other channels, and restarts after Stop). A worker that starts while the first one is still
// downloading waits for it rather than download the same 15 MB again; if that one fails before
// it has an engine, the waiting ones download for themselves.
export function createEngineShare() {
  let engine = null;
  let downloading = false;   // a worker is fetching and compiling it now
  const waiters = [];
  return {
    // Resolves with the engine, or with null when the caller's worker is to download it.
    take() {
      if (engine) return Promise.resolve(engine);
      if (!downloading) {
        downloading = true;
        return Promise.resolve(null);
      }
      return new Promise((resolve) => waiters.push(resolve));
    },
    keep(compiled) {
      engine = compiled;
      downloading = false;
      for (const resolve of waiters.splice(0)) resolve(compiled);
    },
    // The downloading worker failed or was stopped before it had an engine: the next in line
    // downloads instead.
    giveUp() {
      if (engine) return;
      const next = waiters.shift();
      if (next) next(null);
      else downloading = false;
    },
  };
}

// timings: {dbReady, firstResult} are filled in (performance.now()) the first time each happens.
// onProgressBeforeStart(text): what to show on the boot screen while the UI is still loading.
// storeAs: the name the database is stored under in this browser (the learner's sandbox), or
// null for a database that lives in memory only (races, lessons, embeds).
// engines: the page's createEngineShare().
export function createDbBridge({ runtime, frames, timings, onProgressBeforeStart, engines, channel = 0, storeAs = null }) {
  let worker = null;          // the Worker, STARTING while it waits for the engine, or null
  let held = [];
  let starts = 0;
  let generation = 0;         // which start() an engine arriving from engines.take() is for
  let downloading = false;    // this bridge's worker fetches the engine for the whole page
  let waiting = [];           // run and dump messages sent while STARTING
  const dumps = new Map();    // dump id -> resolve, until the worker answers
  let nextDumpId = 1;

  // replaceWith: what the new database holds instead of what was committed ('empty' or a
  // data directory tarball, see db-worker.js), or null.
  function start(replaceWith = null) {
    const mine = ++generation;
    const restart = starts++ > 0;
    worker = STARTING;
    engines.take().then((engine) => {
      if (mine === generation) launch(engine, restart, replaceWith);
      else if (!engine) engines.giveUp();   // stopped meanwhile: the next in line downloads
    });
  }

  function launch(engine, restart, replaceWith) {
    let w;
    downloading = !engine;
    // The worker that downloads the engine starts before a message could reach it (the page's
    // main thread is busy starting the UI): what 'boot' would say goes in its name. A file to
    // open does not fit in a name, so that start waits for the message.
    const bootByName = !engine && !replaceWith;
    try {
      w = new Worker(new URL('db-worker.js', document.baseURI),
        { type: 'module', name: bootByName ? BOOT_NAME + JSON.stringify({ storeAs, restart }) : 'pgplay-database' });
    } catch (err) {
      worker = null;
      waiting = [];
      giveUpEngine();
      deliver({ type: 'failed', message: 'the database worker could not be created: ' + describeError(err) });
      return;
    }
    worker = w;
    w.addEventListener('message', (e) => {
      if (w !== worker) return;
      if (e.data && e.data.type === 'engine') {
        downloading = false;
        engines.keep(e.data);   // no second download or compile after Stop, or for another channel
        return;
      }
      if (e.data && e.data.type === 'dumped') {
        const resolve = dumps.get(e.data.id);
        dumps.delete(e.data.id);
        if (resolve) resolve(e.data.file instanceof Blob ? { file: e.data.file } : { error: String(e.data.error || 'no file came back') });
        return;
      }
      if (e.data && e.data.type === 'failed') giveUpEngine();
      deliver(e.data);
    });
    w.addEventListener('messageerror', () => {
      if (w === worker) console.warn('pgplay: a message from the database worker could not be read');
    });
    w.addEventListener('error', (e) => {
      if (w !== worker) return;
      if (typeof e.preventDefault === 'function') e.preventDefault();
      giveUpEngine();
      const why = e && e.message ? e.message
        : 'its script could not be loaded (are db-worker.js and PGlite\'s files deployed?)';
      deliver({ type: 'failed', message: 'the database worker failed to load: ' + why });
    });
    // A restart (Stop) waits for the old worker's hold on the stored database to go.
    if (!bootByName) w.postMessage({ type: 'boot', engine, storeAs, restart, replaceWith });
    for (const { message, transfer } of waiting) w.postMessage(message, transfer);
    waiting = [];
  }

  function giveUpEngine() {
    if (!downloading) return;
    downloading = false;
    engines.giveUp();
  }

  // Ends the worker for good (pgplay cannot run, or crashed): no more downloading or running.
  function stop() {
    const old = worker;
    worker = null;
    waiting = [];
    for (const resolve of dumps.values()) resolve({ error: 'PostgreSQL was restarted before the file was made' });
    dumps.clear();
    ++generation;
    giveUpEngine();
    if (!old || old === STARTING) return;
    try {
      old.terminate();
    } catch {
      /* already gone */
    }
  }

  // PGlite runs on the worker's only thread: terminating the worker is the only way to stop a
  // runaway query. A stored database is reopened by the new worker as it was committed; for one
  // in memory, the C++ replays the learner's committed work once the new one is ready.
  function restart() {
    stop();
    start();
  }

  // Reset database ('empty') and Open database (a File): a new worker on the new contents.
  function replace(contents) {
    stop();
    start(contents);
  }

  // Download database: resolves with {file} (a .tar.gz of the data directory) or {error}. It
  // waits its turn behind the scripts sent before it.
  function dump() {
    return new Promise((resolve) => {
      if (!worker) {
        resolve({ error: 'the database worker is not running' });
        return;
      }
      const id = nextDumpId++;
      dumps.set(id, resolve);
      postOrWait({ type: 'dump', id }, []);
    });
  }

  function postOrWait(message, transfer) {
    if (worker === STARTING) waiting.push({ message, transfer });
    else worker.postMessage(message, transfer);
  }

  function deliver(msg) {
    if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
    if (!runtime.started) {
      if (msg.type === 'progress') {
        onProgressBeforeStart(msg.message);
        held = held.filter((m) => m.type !== 'progress');   // only the latest progress matters
      }
      held.push(msg);
      return;
    }
    handle(msg);
  }

  // The C++ app has started: what happened while it was loading.
  function releaseHeld() {
    const events = held;
    held = [];
    for (const msg of events) handle(msg);
  }

  function handle(msg) {
    switch (msg.type) {
      case 'progress': {
        const p = Math.max(0, Math.min(1, Number(msg.progress) || 0));
        runtime.call((m) => withCString(m, msg.message, (ptr) => m._pgplay_db_progress(channel, p, ptr)));
        break;
      }
      case 'ready':
        if (timings.dbReady === null) timings.dbReady = performance.now();
        runtime.call((m) => withCString(m, msg.version, (version) => withCString(m, msg.storageNote || '', (note) =>
          m._pgplay_db_ready(channel, version, msg.persistent ? 1 : 0, note))));
        break;
      case 'replaceFailed':
        runtime.call((m) => withCString(m, msg.message || 'unknown error', (ptr) => m._pgplay_db_replace_failed(channel, ptr)));
        break;
      case 'failed':
        console.warn('pgplay: PostgreSQL failed:', msg.message);
        runtime.call((m) => withCString(m, msg.message || 'unknown error', (ptr) => m._pgplay_db_failed(channel, ptr)));
        break;
      case 'result':
        if (timings.firstResult === null) timings.firstResult = performance.now();
        deliverResult(msg);
        break;
      case 'pgDumped': {
        const bytes = new TextEncoder().encode(typeof msg.text === 'string' ? msg.text : '');
        runtime.call((m) => withBytes(m, bytes, (ptr, len) => withCString(m, msg.error || '', (error) =>
          m._pgplay_db_pg_dumped(channel, Number(msg.id), ptr, len, error, Number(msg.ms) || 0))));
        break;
      }
      default:
        return;
    }
    frames.request();
  }

  function deliverResult(msg) {
    const replies = (Array.isArray(msg.replies) ? msg.replies : []).map((r) =>
      (r instanceof Uint8Array || r instanceof ArrayBuffer ? r : new Uint8Array(0)));
    const packed = packBatches(replies);
    const id = Number(msg.id);
    const ms = Number(msg.ms) || 0;
    runtime.call((m) => withBytes(m, packed, (ptr, len) =>
      m._pgplay_db_reply(channel, id, ptr, len, replies.length, msg.changed ? 1 : 0, ms)));
  }

  // From C++ (pgplay_js_db_send): one script as `count` batches packed in `packed`, a copy
  // already out of the heap.
  function send(requestId, packed, count) {
    if (!worker) {
      deliver({ type: 'failed', message: 'the database worker is not running' });
      return;
    }
    // unpackBatches gives each batch an ArrayBuffer of its own: transferred, not copied again.
    const batches = unpackBatches(packed, count);
    postOrWait({ type: 'run', id: requestId, batches }, batches.map((b) => b.buffer));
  }

  // From C++ (pgplay_js_db_pg_dump): pg_dump with these options, in turn with the scripts.
  function pgDump(requestId, args) {
    if (!worker) {
      deliver({ type: 'failed', message: 'the database worker is not running' });
      return;
    }
    postOrWait({ type: 'pgDump', id: requestId, args: Array.isArray(args) ? args.map(String) : [] }, []);
  }

  // C++ (pgplay_db_notice): news for the status line, such as a saved file.
  function notice(text) {
    runtime.call((m) => withCString(m, text, (ptr) => m._pgplay_db_notice(channel, ptr)));
    frames.request();
  }

  // Before start(): what the status line says the database waits for.
  function showWaiting(message) {
    deliver({ type: 'progress', progress: 0, message });
  }

  return { start, stop, restart, replace, dump, pgDump, notice, send, releaseHeld, showWaiting, get started() { return worker !== null; } };
}
