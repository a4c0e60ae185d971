// [SECTION] The sandbox's scripts: browser storage, .sql files in and out
//
// The C++ core owns the scripts and their format (core/sandbox_scripts); this side stores the
// JSON it hands over, a moment after the last change (a write per keystroke would slow typing
// in a long script), and at once when the page is hidden or closed. Files come in through a
// picker or by dropping them on the page, and go out as downloads.

import { pickFile, saveBlob } from './files.js';
import { withCString, withUtf8 } from './heap.js';
import { describeError } from './runtime.js';

const SCRIPTS_KEY = 'pgplay.scripts.v1';
const SAVE_DELAY_MS = 400;
const MAX_FILE_BYTES = 20 * 1024 * 1024;   // a bigger .sql file is a dump to restore, not a script to edit

export function createScriptStore({ runtime, frames, hiddenInput, showNotice }) {
  let timer = null;
  let warned = false;

  function read() {
    try {
      return window.localStorage.getItem(SCRIPTS_KEY) || '';
    } catch {
      return '';   // storage blocked: the scripts live as long as the page
    }
  }

  function warnOnce(text) {
    if (warned) return;
    warned = true;
    showNotice(text);
  }

  function saveNow() {
    clearTimeout(timer);
    timer = null;
    const json = runtime.callApp((m) => m.UTF8ToString(m._pgplay_scripts_json()));
    if (!json) {
      warnOnce('Your scripts are too large to keep in this browser. Download the big ones (the ... menu above the editor).');
      return;
    }
    try {
      window.localStorage.setItem(SCRIPTS_KEY, json);
    } catch (err) {
      console.warn('pgplay: scripts could not be saved in this browser:', describeError(err));
      warnOnce('This browser did not let pgplay keep your scripts. Download the ones you need (the ... menu above the editor).');
    }
  }

  function changed() {
    clearTimeout(timer);
    timer = setTimeout(saveNow, SAVE_DELAY_MS);
  }

  function flush() {
    if (timer !== null) saveNow();
  }

  function download(name, text) {
    saveBlob(new Blob([text], { type: 'application/sql' }), name);
  }

  async function open(file) {
    if (file.size > MAX_FILE_BYTES) {
      showNotice(`${file.name} is ${Math.round(file.size / 1048576)} MB; pgplay opens .sql files up to 20 MB.`);
      return;
    }
    const text = await file.text();
    runtime.call((m) => withCString(m, file.name, (namePtr) =>
      withUtf8(m, text, (ptr, len) => m._pgplay_open_script_file(namePtr, ptr, len))));
    frames.request();
    hiddenInput.focus();
  }

  function pick() {
    pickFile('.sql,.txt,text/plain,application/sql', (file) => { open(file).catch((err) => showNotice(describeError(err))); });
  }

  // A .sql file dropped anywhere on the page opens as a new script.
  function acceptDrops(target) {
    target.addEventListener('dragover', (e) => {
      if (!e.dataTransfer || ![...e.dataTransfer.types].includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    });
    target.addEventListener('drop', (e) => {
      const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (!file) return;
      e.preventDefault();
      open(file).catch((err) => showNotice(describeError(err)));
    });
  }

  // Another tab of pgplay stored its scripts: take them unless this tab has a change of its own
  // still to store (then its save wins, as the newer one). Without this, a tab left open would
  // overwrite, at its next keystroke, the scripts another tab added.
  window.addEventListener('storage', (e) => {
    if (e.key !== SCRIPTS_KEY || !e.newValue || timer !== null || !runtime.started) return;
    runtime.call((m) => withUtf8(m, e.newValue, (ptr, len) => m._pgplay_sync_scripts(ptr, len)));
    frames.request();
  });

  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flush(); });

  return { read, changed, flush, download, pick, acceptDrops };
}
