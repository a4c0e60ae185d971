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
// Messages from the page:
//   {type:'boot', engine, storeAs, restart, replaceWith}   first message: start PostgreSQL, with
//                              the engine a previous worker sent (after Stop) or null (download
//                              it; without a file to open, the page passes these in the worker's
//                              name instead, see "Booting by name"); storeAs: the stored database to open (null: in memory);
//                              restart: after Stop; replaceWith: 'empty' (Reset database) or a
//                              Blob of a data directory tarball (Open database), else absent
//   {type:'run', id, batches:[Uint8Array|ArrayBuffer]}   one script, one batch per statement
//   {type:'dump', id}          the database as a file (Download database), in turn with the runs

import { runBatches, describeError, encodeErrorReply, concatBytes, readTransactionStatus, errorFields,
  lastTransactionStatus } from './pglite-runner.js';

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
  if (data.type !== 'run' && data.type !== 'dump') return;
  queue.push(data);
  pump();
};
let booted = false;

// PGlite's JavaScript (400 kB in nine modules) is imported when the worker boots, beside the
// engine's download rather than before it: a static import would hold every fetch back until
// the whole module graph had arrived.
let pgliteModule = null;
function importPGlite() {
  pgliteModule ??= import('./vendor/pglite/index.js');
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
  { key: 'wasm', path: 'vendor/pglite/pglite.wasm', approxBytes: 9.1e6, wasm: true },
  { key: 'data', path: 'pglite-runtime.data', approxBytes: 6.2e6 },
  { key: 'initialDb', path: 'initial-db.tar.gz', approxBytes: 1.0e6 },
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

// [SECTION] Storage
//
// The learner's sandbox lives in the browser's Origin Private File System through PGlite's
// memfs2opfs file system: PostgreSQL works on an in-memory copy, and every change is written
// through to OPFS when a query completes. A worker that is terminated (Stop) or crashes leaves
// OPFS as of its last completed query; the next one opens it and PostgreSQL's own crash recovery
// brings back exactly what was committed.
//
// PGlite's storage is not safe for two writers, so a Web Lock named after the store is held for
// the worker's life: a second tab does not get it and runs on a temporary database in memory,
// and says so. The lock goes with the worker when it ends, however it ends.

// The store's file system: PGlite's memfs2opfs, which reads a stored database back one file after
// another when it opens (hundreds of awaits, a third of a second for a fresh one). Its backend's
// load() is replaced on this instance by one that reads the files sixteen at a time (readStore),
// or hands over the files `read` already (prepareStore reads them while the engine downloads):
// the same entries (directories first, then files with their data and mtime), as memfs2opfs
// 0.5.16's own load() yields them to the file system that consumes them.
// A new store's first write is the whole database (hundreds of files, most of a second in OPFS);
// with `deferFirstWrite` (for the starting database) it runs behind the first queries instead of
// before them (see writeFirstInBackground).
// Imported as the worker boots, beside the download; a browser that cannot load it still gets a
// database in memory.
let storeFsModule = null;
function importStoreFs() {
  storeFsModule ??= import('./vendor/pglite/fs/memfs2opfs.js');
  return storeFsModule;
}

async function storeFs(name, { deferFirstWrite = false, read = null } = {}) {
  const { Memfs2OpfsFS } = await importStoreFs();
  const fs = new Memfs2OpfsFS(name);
  if (fs.backend && typeof fs.backend.load === 'function') fs.backend.load = () => loadStore(read || readStore(name));
  if (deferFirstWrite && fs.backend && typeof fs.backend.apply === 'function' && typeof fs.backend.close === 'function') {
    writeFirstInBackground(fs.backend);
  }
  return fs;
}

// memfs2opfs writes a query's changes to OPFS before the query returns, so a result the learner
// sees is stored. A new store's first write is the starting database itself, made while PGlite
// opens: nothing the learner did is in it yet, so PGlite may open (and the first queries run)
// while it is written; if the tab closes first, the next visit starts from it again. Every later write waits for it first, so what a learner commits is still
// stored before they see it. A first write that fails is tried again before the next one, which
// reports the error if it fails again (and the frontend keeps that write's changes for a retry).
// The store counts as complete only once pg_control is in it (storeHasDatabase): memfs2opfs
// writes that file last, so a tab closed halfway leaves a store that starts over.
function writeFirstInBackground(backend) {
  const apply = backend.apply.bind(backend);
  const close = backend.close.bind(backend);
  let first = null;   // {changes, options, written: Promise}; changes null once it has succeeded
  const startWrite = (write) => {
    write.written = apply(write.changes, write.options);
    write.written.catch(() => {});   // awaited (and retried) by the next write
  };
  const firstWritten = async () => {
    if (!first || !first.changes) return;
    try {
      await first.written;
    } catch {
      startWrite(first);
      await first.written;
    }
    first.changes = null;
  };
  backend.apply = async (changes, options) => {
    if (!first) {
      first = { changes, options };
      startWrite(first);
      return;
    }
    await firstWritten();
    await apply(changes, options);
  };
  // PGlite closes its file system when the database reopens with an extension: that reads the
  // store back, so it must be whole.
  backend.close = async () => {
    await firstWritten();
    await close();
  };
}

async function* loadStore(read) {
  yield* await read;
}

// The store's entries: directories first (a parent before its children), then files with
// their data and mtime.
async function readStore(name) {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(name, { create: true });
  const dirs = [];
  const files = [];
  const walk = async (dir, path) => {
    for await (const [entry, handle] of dir.entries()) {
      const at = `${path}/${entry}`;
      if (handle.kind === 'directory') {
        dirs.push({ kind: 'dir', path: at });
        await walk(handle, at);
      } else {
        files.push({ path: at, handle });
      }
    }
  };
  await walk(root, '');
  const read = new Array(files.length);
  await inParallel(files.map((f, i) => ({ ...f, i })), 16, async ({ path, handle, i }) => {
    const file = await handle.getFile();
    read[i] = { kind: 'file', path, data: new Uint8Array(await file.arrayBuffer()), mtime: file.lastModified };
  });
  return [...dirs, ...read];
}

async function inParallel(items, width, fn) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

// Resolves once the lock is held (it is then held until the worker ends), or with false when
// another holder keeps it. A restart waits a little for the old worker's lock to go.
function holdStoreLock(name, restart) {
  if (!self.navigator || !navigator.locks) return Promise.resolve(false);
  return new Promise((resolve) => {
    const options = restart ? { signal: AbortSignal.timeout(5000) } : { ifAvailable: true };
    navigator.locks.request('pgplay-store:' + name, options, (lock) => {
      resolve(lock !== null);
      return lock === null ? undefined : new Promise(() => {});   // never released while we live
    }).catch(() => resolve(false));   // timed out
  });
}

// What can be done for a stored database before the engine is there: its lock, its list of
// extensions (their modules imported), and, when it has a database that nothing replaces, its
// files read into memory. Never rejects: {locked, read (a promise of the files, or null), failed}.
async function prepareStore(name, restart, replaceWith) {
  try {
    if (!(await holdStoreLock(name, restart))) return { locked: false };
    const read = !replaceWith && (await storeHasDatabase(name)) ? readStore(name) : null;
    read?.catch(() => {});   // awaited by the store's load()
    await importStoreFs();
    await loadExtensions(await readExtensionList(name));
    return { locked: true, read };
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
    if (!loadDataDir && !(await storeHasDatabase(name))) {
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

// memfs2opfs keeps a store as one OPFS directory named after it; the list of extensions it needs
// is a file beside it.
async function removeStore(name) {
  const root = await navigator.storage.getDirectory();
  for (const [entry, options] of [[name, { recursive: true }], [listFile(name), {}]]) {
    try {
      await root.removeEntry(entry, options);
    } catch (err) {
      if (!err || err.name !== 'NotFoundError') throw err;
    }
  }
}

// memfs2opfs mirrors the data directory into the store's OPFS directory, writing global/pg_control
// after every other file of a write: once it is there, a whole database is.
async function storeHasDatabase(name) {
  try {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle(name);
    await (await dir.getDirectoryHandle('global')).getFileHandle('pg_control');
    return true;
  } catch {
    return false;
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
// PGlite ships most of contrib as bundles (vendor/pglite/<name>.tar.gz, with a module in
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
    const module = await import(`./vendor/pglite/contrib/${moduleName}.js`);
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

const listFile = (store) => store + '.extensions.json';

async function readExtensionList(store) {
  try {
    const root = await navigator.storage.getDirectory();
    const file = await (await root.getFileHandle(listFile(store))).getFile();
    const names = JSON.parse(await file.text());
    return Array.isArray(names) ? names.filter((n) => typeof n === 'string') : [];
  } catch {
    return [];   // none yet, or unreadable: pg_extension tells after start
  }
}

async function writeExtensionList(store) {
  try {
    const root = await navigator.storage.getDirectory();
    const writable = await (await root.getFileHandle(listFile(store), { create: true })).createWritable();
    await writable.write(JSON.stringify([...extensions.keys()]));
    await writable.close();
  } catch (err) {
    console.warn('pgplay: the list of extensions could not be stored:', describeError(err));
  }
}

// Reopens PostgreSQL with the extensions loaded now; the database is the same.
async function reopenWithExtensions() {
  const options = { ...engineOptions(opened.engine), extensions: Object.fromEntries(extensions) };
  let next;
  if (opened.store) {
    await pg.close();
    next = await startPGlite({ fs: await storeFs(opened.store), ...options });
    await writeExtensionList(opened.store);
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
