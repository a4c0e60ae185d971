// [SECTION] Lesson progress: browser storage and files
//
// Progress lives in localStorage, and in a file when the learner exports it. The C++ core owns
// its format; this side only keeps the text and moves it between the browser and files.

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
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'pgplay-progress.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // Asks the learner for a file and hands its text to C++, which says so if it is not progress.
  function importFromFile() {
    const picker = document.createElement('input');
    picker.type = 'file';
    picker.accept = '.json,application/json';
    picker.addEventListener('change', async () => {
      const file = picker.files && picker.files[0];
      if (!file) return;
      const text = file.size > MAX_IMPORT_BYTES ? '' : await file.text();
      runtime.call((m) => withUtf8(m, text, (ptr, len) => m._pgplay_import_progress(ptr, len)));
      frames.request();
      hiddenInput.focus();
    });
    picker.click();
  }

  return { read, save, exportToFile, importFromFile };
}
