// [SECTION] The learner's sandbox as a file: Download database, Open database, Reset database
//
// A download is PostgreSQL's data directory as a .tar.gz (the worker makes it, in turn with the
// learner's scripts); opening one hands the file to a new worker, which tries it before it
// replaces anything (db-worker.js). The C++ Database menu confirms first; window.playground's
// resetDatabase() and openDatabase(file) do not ask.

import { pickFile, saveBlob } from './files.js';
import { withCString } from './heap.js';

// A data directory this large would not fit PostgreSQL's memory in the browser anyway.
const MAX_OPEN_BYTES = 512 * 1024 * 1024;
const ACCEPT = '.tar.gz,.tgz,.tar,application/gzip,application/x-gzip,application/x-tar';

const megabytes = (bytes) => (bytes / 1e6).toFixed(bytes < 1e5 ? 2 : 1) + ' MB';

export function createSandboxFiles({ runtime, frames, hiddenInput, bridge }) {
  let picked = null;   // the file the learner chose, until the sandbox is replaced with it

  // Resolves with {name, bytes} once the browser has the file, or {error}; the status line says
  // which either way.
  async function download() {
    const { file, error } = await bridge.dump();
    if (error) {
      bridge.notice('Your database could not be saved: ' + error);
      return { error };
    }
    const name = `pgplay-database-${new Date().toISOString().slice(0, 10)}.tar.gz`;
    saveBlob(file, name);
    bridge.notice(`Saved ${name} (${megabytes(file.size)}): "Open database" loads it, here or in another browser`);
    return { name, bytes: file.size };
  }

  function tooLarge(file) {
    if (file.size <= MAX_OPEN_BYTES) return false;
    bridge.notice(`${file.name} is ${megabytes(file.size)}: too large to open in the browser`);
    return true;
  }

  // The menu's Open database…: the C++ asks the learner to confirm (pgplay_sandbox_file_picked).
  function pick() {
    pickFile(ACCEPT, (file) => {
      hiddenInput.focus();
      if (tooLarge(file)) return;
      picked = file;
      runtime.call((m) => withCString(m, file.name, (ptr) => m._pgplay_sandbox_file_picked(ptr, file.size)));
      frames.request();
    });
  }

  // window.playground.openDatabase(file): no picker, no confirmation.
  function openFromApi(file) {
    if (!(file instanceof Blob)) throw new TypeError('openDatabase(file): file must be a File or Blob');
    const name = typeof file.name === 'string' && file.name ? file.name : 'the file';
    if (tooLarge(file)) return;
    picked = file;
    runtime.callApp((m) => withCString(m, name, (ptr) => m._pgplay_api_replace_database(1, ptr)));
    frames.request();
  }

  function resetFromApi() {
    runtime.callApp((m) => withCString(m, '', (ptr) => m._pgplay_api_replace_database(0, ptr)));
    frames.request();
  }

  // From C++ (pgplay_js_db_replace on the sandbox's channel): 0 empty, 1 the picked file.
  function replace(contents) {
    const file = contents === 1 ? picked : null;
    picked = null;
    bridge.replace(file || 'empty');
  }

  return { download, pick, openFromApi, resetFromApi, replace };
}
