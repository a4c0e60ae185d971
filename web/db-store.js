// [SECTION] The stored sandbox
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
//
// Also the list of extension bundles a store needs (the bundles' files are not in the data
// directory), kept beside it. db-worker.js opens the store; this file knows how it is kept.

import { PGLITE_DIR } from './assets.js';
import { describeError } from './pglite-runner.js';

// The store's file system: PGlite's memfs2opfs, which reads a stored database back one file after
// another when it opens (hundreds of awaits, a third of a second for a fresh one). Its backend's
// load() is replaced on this instance by one that reads the files sixteen at a time (readStore),
// or hands over the files `read` already (db-worker.js reads them while the engine downloads):
// the same entries (directories first, then files with their data and mtime), as memfs2opfs
// 0.5.16's own load() yields them to the file system that consumes them.
// A new store's first write is the whole database (hundreds of files, most of a second in OPFS);
// with `deferFirstWrite` (for the starting database) it runs behind the first queries instead of
// before them (see writeFirstInBackground).
// Imported as the worker boots, beside the download; a browser that cannot load it still gets a
// database in memory.
let storeFsModule = null;
export function importStoreFs() {
  storeFsModule ??= import('./' + PGLITE_DIR + 'fs/memfs2opfs.js');
  return storeFsModule;
}

export async function storeFs(name, { deferFirstWrite = false, read = null } = {}) {
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
// while it is written. Every later write waits for it first, so what a learner commits is still
// stored before they see it. A first write that fails is tried again before the next one, which
// reports the error if it fails again (and the frontend keeps that write's changes for a retry).
// The store counts as complete only once pg_control is in it (storeHasDatabase): memfs2opfs
// writes that file last, so a tab closed halfway leaves a store that starts over from the
// starting database, which is all it held.
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
export async function readStore(name) {
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
export function holdStoreLock(name, restart) {
  if (!self.navigator || !navigator.locks) return Promise.resolve(false);
  return new Promise((resolve) => {
    const options = restart ? { signal: AbortSignal.timeout(5000) } : { ifAvailable: true };
    navigator.locks.request('pgplay-store:' + name, options, (lock) => {
      resolve(lock !== null);
      return lock === null ? undefined : new Promise(() => {});   // never released while we live
    }).catch(() => resolve(false));   // timed out
  });
}

// memfs2opfs keeps a store as one OPFS directory named after it; the list of extensions it needs
// is a file beside it.
export async function removeStore(name) {
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
export async function storeHasDatabase(name) {
  try {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle(name);
    await (await dir.getDirectoryHandle('global')).getFileHandle('pg_control');
    return true;
  } catch {
    return false;
  }
}

const listFile = (store) => store + '.extensions.json';

export async function readExtensionList(store) {
  try {
    const root = await navigator.storage.getDirectory();
    const file = await (await root.getFileHandle(listFile(store))).getFile();
    const names = JSON.parse(await file.text());
    return Array.isArray(names) ? names.filter((n) => typeof n === 'string') : [];
  } catch {
    return [];   // none yet, or unreadable: pg_extension tells after start
  }
}

export async function writeExtensionList(store, names) {
  try {
    const root = await navigator.storage.getDirectory();
    const writable = await (await root.getFileHandle(listFile(store), { create: true })).createWritable();
    await writable.write(JSON.stringify(names));
    await writable.close();
  } catch (err) {
    console.warn('pgplay: the list of extensions could not be stored:', describeError(err));
  }
}
