// [SECTION] Lesson progress: browser storage and files
//
// Progress lives in localStorage, and in a file when the learner exports it. The C++ core owns
// its format; this side only keeps the text and moves it between the browser and files.

import { pickFile, saveBlob } from './files.js';
import { withUtf8 } from './heap.js';
import { describeError } from './runtime.js';

const PROGRESS_KEY = 'pgplay.progress.v1';
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;   // a progress file is small; anything huge is not one

export function createProgressStore({ runtime, frames, hiddenInput }) {
  function read() {
    try {
      return window.localStorage.getItem(PROGRESS_KEY) || '';
    } catch {
      return '';   // storage blocked (a sandboxed embed, strict privacy settings): start fresh
    }
  }

  function save(json) {
    try {
      window.localStorage.setItem(PROGRESS_KEY, json);
    } catch (err) {
      console.warn('pgplay: progress could not be saved in this browser:', describeError(err));
    }
  }

  // Offers the progress as a download.
  function exportToFile(json) {
    saveBlob(new Blob([json], { type: 'application/json' }), 'pgplay-progress.json');
  }

  // Asks the learner for a file and hands its text to C++, which says so if it is not progress.
  function importFromFile() {
    pickFile('.json,application/json', async (file) => {
      const text = file.size > MAX_IMPORT_BYTES ? '' : await file.text();
      runtime.call((m) => withUtf8(m, text, (ptr, len) => m._pgplay_import_progress(ptr, len)));
      frames.request();
      hiddenInput.focus();
    });
  }

  return { read, save, exportToFile, importFromFile };
}
