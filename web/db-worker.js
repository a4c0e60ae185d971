// The database worker: owns PGlite (PostgreSQL compiled to WebAssembly) off the main thread, so
// a long query never freezes the UI. The page (db-bridge.js) starts it, relays its messages to
// C++, and terminates it to stop a runaway query.
//
// Messages to the page:
//   {type:'progress', progress: 0..1, message}   while PostgreSQL downloads and starts
//   {type:'ready', version, ms, persistent, storageNote}   PostgreSQL is up (ms: time since the
//                                                worker began); persistent: its data is stored in
//                                                this browser; storageNote: why not, if it should be
//   {type:'failed', message}                     it could not start
//   {type:'result', id, replies:[ArrayBuffer], changed, ms, status}   answer to a 'run'
//   {type:'engine', pgliteWasmModule, initdbWasmModule, data, initialDb}   the compiled engine
//                                                and the starting database, once, after the
//                                                first start, for the page to keep
//   {type:'replaceFailed', message}              before 'ready': the file to open was refused, and
//                                                the database is the one there was
//   {type:'dumped', id, file, error}             answer to a 'dump': the data directory as a
//                                                .tar.gz File, or why not
//   {type:'pgDumped', id, text, error, ms}       answer to a 'pgDump': the dump as SQL text, or why not
// Messages from the page:
//   {type:'boot', engine, storeAs, restart, replaceWith}   first message: start PostgreSQL, with
//                              the engine a previous worker sent (after Stop) or null (download
//                              it); storeAs: the stored database to open (null: in memory);
//                              restart: after Stop; replaceWith: 'empty' (Reset database) or a
//                              Blob of a data directory tarball (Open database), else absent.
//                              A worker that downloads the engine and opens no file gets these in
//                              its name instead (see "Booting by name")
//   {type:'run', id, batches:[Uint8Array|ArrayBuffer]}   one script, one batch per statement
//   {type:'dump', id}          the database as a file (Download database), in turn with the runs
//   {type:'pgDump', id, args}  pg_dump with these options (strings), in turn with the runs

import { assetUrl, PGLITE_DIR, PGLITE_TOOLS_DIR } from './assets.js';
import { runBatches, describeError, encodeErrorReply, concatBytes, readTransactionStatus, errorFields,
  lastTransactionStatus, pgDumpText } from './pglite-runner.js';
import { importStoreFs, storeFs, readStore, holdStoreLock, removeStore, storeHasDatabase, readExtensionList,
  writeExtensionList } from './db-store.js';

const startedAt = performance.now();
let pg = null;            // the PGlite instance once it has started
let bootFailed = false;
const queue = [];         // run requests waiting for PostgreSQL or for the one before them
let running = false;

// Registered before anything is awaited, so requests that arrive during start-up are kept.
self.onmessage = (event) => {
  const data = event.data;
  if (!data || typeof data !== 'object') return;
  if (data.type === 'boot') {
    if (!booted) {
      booted = true;
      const replaceWith = data.replaceWith === 'empty' || data.replaceWith instanceof Blob ? data.replaceWith : null;
      boot(data.engine || null, typeof data.storeAs === 'string' ? data.storeAs : null, data.restart === true, replaceWith);
    }
    return;
  }
  if (data.type !== 'run' && data.type !== 'dump' && data.type !== 'pgDump') return;
  queue.push(data);
  pump();
};
let booted = false;

// PGlite's JavaScript (400 kB in nine modules) is imported when the worker boots, beside the
// engine's download rather than before it: a static import would hold every fetch back until
// the whole module graph had arrived.
let pgliteModule = null;
function importPGlite() {
  pgliteModule ??= import('./' + PGLITE_DIR + 'index.js');
  return pgliteModule;
}
function startPGlite(options) {
  return importPGlite().then(({ PGlite }) => PGlite.create(options));
}

// [SECTION] Download with progress
//
// PGlite would fetch these files itself, silently. Fetching them here lets the learner see how
// far a first visit is (15 MB), and the service worker / HTTP cache serve them on later visits.

// What a first visit downloads, with sizes for servers that send no Content-Length (or a
// compressed one). PostgreSQL's wasm is compiled while it downloads. The starting database
// (initial-db.tar.gz, made at build time) replaces initdb, so PGlite's file bundle comes without
// initdb's files (pglite-runtime.data, see scripts/lib/make-engine-data.mjs).
const FILES = [
  { key: 'wasm', path: PGLITE_DIR + 'pglite.wasm', approxBytes: 9.1e6, wasm: true },
  { key: 'data', path: assetUrl('pglite-runtime.data'), approxBytes: 6.2e6 },
  { key: 'initialDb', path: assetUrl('initial-db.tar.gz'), approxBytes: 1.0e6 },
];
// The smallest valid module: what PGlite gets for initdb, which the starting database makes
// unnecessary (given nothing, it would download initdb.wasm itself).
const NO_INITDB = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const DOWNLOAD_SHARE = 0.8;   // of the progress bar; compiling and starting take the rest

function post(message, transfer) {
  self.postMessage(message, transfer || []);
}

// One 'progress' message at most every 100 ms: each one makes the page draw a frame.
let lastProgressAt = 0;
function progress(value, message, force = false) {
  const now = performance.now();
  if (!force && now - lastProgressAt < 100) return;
  lastProgressAt = now;
  post({ type: 'progress', progress: Math.max(0, Math.min(1, value)), message });
}

const mb = (bytes) => (bytes / 1e6).toFixed(1);

async function downloadAll(files) {
  const state = files.map((f) => ({ ...f, total: f.approxBytes, loaded: 0 }));
  const report = (force) => {
    const loaded = state.reduce((s, f) => s + f.loaded, 0);
    const total = state.reduce((s, f) => s + Math.max(f.total, f.loaded), 0);
    progress((loaded / total) * DOWNLOAD_SHARE,
             `Downloading PostgreSQL (${mb(loaded)} of ${mb(total)} MB)`, force);
  };
  report(true);
  const results = await Promise.all(state.map((file) => download(file, () => report(false))));
  report(true);
  const out = {};
  state.forEach((file, i) => { out[file.key] = results[i]; });
  return out;
}

// The file's bytes, or for wasm its compiled module (compiled as the bytes arrive).
async function download(file, onChunk) {
  const name = file.path.split('/').pop();
  const url = new URL('./' + file.path, import.meta.url);
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new Error(`could not download ${name} (${describeError(err)}); check the network connection`);
  }
  if (!response.ok) throw new Error(`could not download ${name}: HTTP ${response.status}`);

  // Content-Length counts compressed bytes when the server compresses; the reader yields
  // uncompressed ones, so only an uncompressed length is a usable total.
  const length = Number(response.headers.get('content-length'));
  const encoding = (response.headers.get('content-encoding') || 'identity').toLowerCase();
  if (length > 0 && encoding === 'identity') file.total = length;

  if (!response.body || typeof TransformStream !== 'function') {
    const bytes = new Uint8Array(await response.arrayBuffer());
    file.loaded = bytes.length;
    onChunk();
    return file.wasm ? WebAssembly.compile(bytes) : bytes;
  }
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      file.loaded += chunk.length;
      onChunk();
      controller.enqueue(chunk);
    },
  }));
  if (file.wasm && WebAssembly.compileStreaming) {
    // Our own Response, so a server that labels wasm wrongly does not stop streaming compilation.
    return WebAssembly.compileStreaming(new Response(counted, { headers: { 'Content-Type': 'application/wasm' } }));
  }
  const bytes = new Uint8Array(await new Response(counted).arrayBuffer());
  return file.wasm ? WebAssembly.compile(bytes) : bytes;
}

// [SECTION] Start-up

// A restart after Stop gets the engine the first worker compiled (WebAssembly modules and
// blobs can be posted between workers), so it neither downloads nor compiles again.
async function loadEngine(engine) {
  if (engine && engine.pgliteWasmModule instanceof WebAssembly.Module &&
      engine.initdbWasmModule instanceof WebAssembly.Module && engine.data instanceof Blob &&
      engine.initialDb instanceof Blob) {
    return { fresh: false, ...engine };
  }
  const files = await downloadAll(FILES);
  progress(DOWNLOAD_SHARE + 0.05, 'Compiling PostgreSQL', true);
  return {
    fresh: true,
    pgliteWasmModule: files.wasm,
    initdbWasmModule: new WebAssembly.Module(NO_INITDB),
    data: new Blob([files.data]),
    // A gzip type, so PGlite unpacks it without first trying it as a plain tar.
    initialDb: new Blob([files.initialDb], { type: 'application/x-gzip' }),
  };
}

// [SECTION] Opening the stored sandbox
//
// How it is kept (OPFS through memfs2opfs, a Web Lock per store, the first write in the
// background) is db-store.js's; what the worker does with it is here.

// What can be done for a stored database before the engine is there: its lock, its list of
// extensions (their modules imported), and, when it has a database that nothing replaces, its
// files read into memory. Never rejects: {locked, hasDatabase, read (a promise of the files, or
// null), failed}. The lock is held from here on, so what is found stays true until it is opened.
async function prepareStore(name, restart, replaceWith) {
  try {
    if (!(await holdStoreLock(name, restart))) return { locked: false };
    const hasDatabase = await storeHasDatabase(name);
    const read = hasDatabase && !replaceWith ? readStore(name) : null;
    read?.catch(() => {});   // awaited by the store's load()
    await importStoreFs();
    await loadExtensions(await readExtensionList(name));
    return { locked: true, hasDatabase, read };
  } catch (err) {
    return { locked: true, failed: err };
  }
}

async function openStored(engine, name, prepared, replaceWith) {
  if (!prepared.locked) {
    return { note: 'Another pgplay tab has your database open: this tab works on a temporary one, '
      + 'and what you do here is not kept.' };
  }
  try {
    if (prepared.failed) throw prepared.failed;
    let loadDataDir;
    if (replaceWith) {
      // Only a file that opens replaces the stored database: it is tried in memory first.
      if (replaceWith instanceof Blob) {
        const refused = await refusalOf(engine, replaceWith);
        if (refused) post({ type: 'replaceFailed', message: refused });
        else loadDataDir = replaceWith;
      }
      if (replaceWith === 'empty' || loadDataDir) await removeStore(name);
    }
    // A new (or emptied, or never completed) store starts from the starting database.
    if (!loadDataDir && (!prepared.hasDatabase || replaceWith === 'empty')) {
      await removeStore(name);
      loadDataDir = engine.initialDb;
    }
    opened.store = name;
    // The starting database may be written behind the first queries; a file the learner opened
    // is theirs, and is stored before they see it. A store opened as it was is the one read.
    const deferFirstWrite = loadDataDir === engine.initialDb;
    const read = loadDataDir ? null : prepared.read;
    const db = await startPGlite({ fs: await storeFs(name, { deferFirstWrite, read }), ...engineOptions(engine), loadDataDir,
      extensions: Object.fromEntries(extensions) });
    return { db };
  } catch (err) {
    opened.store = null;
    return { note: `Your database could not be stored in this browser (${describeError(err)}): this tab `
      + 'works on a temporary one, and what you do here is not kept.' };
  }
}

// Why a data directory tarball cannot be opened, or '' when PostgreSQL starts on it.
async function refusalOf(engine, file) {
  const { db, refused } = await openDataDirFile(engine, file);
  try {
    await db?.close();
  } catch {
    /* closing a trial that worked: nothing to keep anyway */
  }
  return refused || '';
}

// PostgreSQL in memory on a data directory tarball: {db} when it starts and answers, else
// {refused: why, in words for the status line}.
async function openDataDirFile(engine, file) {
  let db = null;
  try {
    db = await startPGlite({ ...engineOptions(engine), loadDataDir: file });
    await db.query('SELECT 1');
    return { db };
  } catch (err) {
    try {
      await db?.close();
    } catch {
      /* it never started */
    }
    return { refused: 'it is not a PostgreSQL data directory pgplay can open: ' + describeError(err) };
  }
}

// Option names as PGlite 0.5.16 reads them (PGliteOptions in dist/index.d.ts): with all three
// given, PGlite downloads nothing itself.
function engineOptions(engine) {
  return {
    pgliteWasmModule: engine.pgliteWasmModule,
    initdbWasmModule: engine.initdbWasmModule,
    fsBundle: engine.data,
  };
}

async function boot(cachedEngine, storeAs, restart, replaceWith) {
  try {
    importPGlite().catch(() => {});   // its failure is reported where it is awaited
    // A stored database is locked and read from OPFS while the engine downloads and compiles.
    const store = storeAs ? prepareStore(storeAs, restart, replaceWith) : null;
    const engine = await loadEngine(cachedEngine);
    opened.engine = engine;
    progress(0.9, 'Starting PostgreSQL', true);
    let db = null;
    let storageNote = '';
    if (storeAs) {
      const stored = await openStored(engine, storeAs, await store, replaceWith);
      db = stored.db || null;
      storageNote = stored.note || '';
    }
    const persistent = db !== null;
    if (!db) db = await openInMemory(engine, replaceWith);
    if (engine.fresh) {
      post({ type: 'engine', pgliteWasmModule: engine.pgliteWasmModule,
             initdbWasmModule: engine.initdbWasmModule, data: engine.data, initialDb: engine.initialDb });
    }
    pg = db;
    await loadInstalledExtensions();
    const result = await pg.query('SHOW server_version');
    const version = String(result.rows[0]?.server_version ?? '');
    post({ type: 'ready', version, ms: performance.now() - startedAt, persistent, storageNote });
    pump();
  } catch (err) {
    bootFailed = true;
    post({ type: 'failed', message: describeError(err) });
  }
}

// A database in memory has nothing to keep: a file to open is loaded if it opens, else the
// page's journal replays what was there (after 'replaceFailed').
async function openInMemory(engine, replaceWith) {
  if (replaceWith instanceof Blob) {
    const { db, refused } = await openDataDirFile(engine, replaceWith);
    if (db) return db;
    post({ type: 'replaceFailed', message: refused });
  }
  return startPGlite({ ...engineOptions(engine), loadDataDir: engine.initialDb });
}

// [SECTION] Extensions on demand
//
// PGlite ships most of contrib as bundles (<name>.tar.gz in PGlite's folder, with a module in
// contrib/) whose files must be in place when PostgreSQL starts. None is in the first download.
// When CREATE EXTENSION answers that one is not available and PGlite has it, PostgreSQL is
// reopened with the bundle and the statement runs again: a stored database from its storage, one
// in memory from a copy of its data directory, so nothing committed is lost. Inside a
// transaction block that would roll the learner's work back, so there the error stands.
//
// A stored database keeps the list of bundles it needs beside it (the files are not in the data
// directory), so the next visit starts with them; and whatever pg_extension names that is not
// loaded (a database opened from a file) is loaded right after start.

const opened = { engine: null, store: null };   // how the running engine was opened
const extensions = new Map();                     // name -> PGlite extension, in the running engine
const EXTENSION_NAME = /^[a-z0-9_-]{1,63}$/;
const NOT_AVAILABLE = /^extension "([^"]+)" is not available$/;

// PGlite's extension object for `name`, or null when it ships none.
async function extensionFor(name) {
  if (!EXTENSION_NAME.test(name)) return null;
  const moduleName = name.replace(/-/g, '_');
  try {
    const module = await import(`./${PGLITE_DIR}contrib/${moduleName}.js`);
    const extension = module[moduleName];
    return extension && typeof extension.setup === 'function' ? extension : null;
  } catch {
    return null;
  }
}

// Adds the extensions PGlite ships among `names` to those the next (re)open loads; how many
// were not there before.
async function loadExtensions(names) {
  let added = 0;
  for (const name of names) {
    if (extensions.has(name)) continue;
    const extension = await extensionFor(name);
    if (!extension) continue;
    extensions.set(name, extension);
    added++;
  }
  return added;
}

// Reopens PostgreSQL with the extensions loaded now; the database is the same.
async function reopenWithExtensions() {
  const options = { ...engineOptions(opened.engine), extensions: Object.fromEntries(extensions) };
  let next;
  if (opened.store) {
    await pg.close();
    next = await startPGlite({ fs: await storeFs(opened.store), ...options });
    await writeExtensionList(opened.store, [...extensions.keys()]);
  } else {
    const copy = await pg.dumpDataDir('none');
    await pg.close();
    next = await startPGlite({ loadDataDir: copy, ...options });
  }
  pg = next;
  return next;
}

// runBatches' recover(): a CREATE EXTENSION of a bundle PGlite ships, outside a transaction.
async function loadMissingExtension(reply) {
  const fields = errorFields(reply);
  const missing = fields && fields.C === '0A000' && NOT_AVAILABLE.exec(fields.M || '');
  if (!missing || extensions.has(missing[1]) || lastTransactionStatus(reply) !== 'I') return null;
  if (!(await loadExtensions([missing[1]]))) return null;
  return reopenWithExtensions();
}

async function loadInstalledExtensions() {
  let installed = [];
  try {
    installed = (await pg.query("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'")).rows.map((r) => r.extname);
  } catch {
    return;
  }
  if (await loadExtensions(installed)) await reopenWithExtensions();
}

// [SECTION] Running scripts, one at a time
//
// PGlite has one connection; requests are served strictly in order so each script sees the
// effects of the one before it.

async function pump() {
  if (running || !pg || bootFailed) return;
  running = true;
  try {
    while (queue.length) {
      const request = queue.shift();
      if (request.type === 'dump') {
        post(await dump(request.id));
        continue;
      }
      if (request.type === 'pgDump') {
        post(await runPgDump(request.id, Array.isArray(request.args) ? request.args : []));
        continue;
      }
      const batches = Array.isArray(request.batches) ? request.batches : [];
      let outcome;
      try {
        outcome = await runBatches(pg, batches, undefined, loadMissingExtension);
      } catch (err) {
        // runBatches turns engine errors into replies itself; this is the last safety net so
        // that a request is always answered and the UI never waits forever.
        outcome = { replies: [encodeErrorReply({ sqlstate: 'PGENG', message: 'PostgreSQL stopped with an internal error: ' + describeError(err) })], changed: true, ms: 0, status: null };
      }
      const { replies, changed, ms, status } = outcome;
      const buffers = replies.map((r) => r.buffer);   // owned copies: safe to transfer
      post({ type: 'result', id: request.id, replies: buffers, changed, ms, status }, buffers);
    }
  } finally {
    running = false;
  }
}

// [SECTION] Download database
//
// PGlite's data directory as a gzipped tarball: the exact database (what "Open database" loads,
// here or on another machine), not an SQL script. A CHECKPOINT first writes the committed pages
// out, so the file opens without replaying much WAL; it is skipped inside the learner's open
// transaction, where it would fail and abort their work (the tarball then holds what was
// committed, as after a crash).
async function dump(id) {
  try {
    if ((await readTransactionStatus(pg)) === 'I') await pg.exec('CHECKPOINT');
    const file = await pg.dumpDataDir('gzip');
    return { type: 'dumped', id, file };
  } catch (err) {
    return { type: 'dumped', id, error: describeError(err) };
  }
}

// [SECTION] pg_dump
//
// pglite-tools' pg_dump (700 kB of WebAssembly, fetched beside its module) is imported on first
// use only; it reads the database through this worker's PGlite (pglite-runner.js pgDumpText).
let pgDumpModule = null;
async function runPgDump(id, args) {
  let pgDump;
  try {
    pgDumpModule ??= import('./' + PGLITE_TOOLS_DIR + 'pg_dump.js');
    ({ pgDump } = await pgDumpModule);
  } catch (err) {
    pgDumpModule = null;   // a failed download may work next time
    return { type: 'pgDumped', id, error: 'pg_dump could not be loaded: ' + describeError(err), ms: 0 };
  }
  try {
    return { type: 'pgDumped', id, ...(await pgDumpText(pg, pgDump, args)) };
  } catch (err) {
    return { type: 'pgDumped', id, error: describeError(err), ms: 0 };
  }
}

// [SECTION] Booting by name
//
// The worker the page starts with no engine to give it (its first, which downloads the engine)
// gets its boot parameters in its name (new Worker's `name`: 'pgplay-boot {"storeAs", "restart"}',
// which neither a service worker nor a redirect changes, unlike the script's URL) instead of a
// 'boot' message, and starts as soon as this script has run. A message from the page waits for
// the page's main thread, which is busy starting the UI just then (a quarter of a second here).
const BOOT_NAME = 'pgplay-boot ';
if (typeof self.name === 'string' && self.name.startsWith(BOOT_NAME)) {
  let params = null;
  try {
    params = JSON.parse(self.name.slice(BOOT_NAME.length));
  } catch {
    params = null;   // not ours: wait for a 'boot' message
  }
  if (params && typeof params === 'object') {
    booted = true;
    boot(null, typeof params.storeAs === 'string' ? params.storeAs : null, params.restart === true, null);
  }
}
