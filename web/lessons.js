// [SECTION] Lesson files
//
// Lessons are static files (build/web/lessons/, listed in lessons/index.json) parsed by the C++
// core. They load beside the UI module and are handed over after it starts, never holding up
// the first frame.

import { withCString, withUtf8 } from './heap.js';
import { describeError } from './runtime.js';

// [{name, text}] for every listed file; [] when the list cannot be read.
export async function fetchLessons() {
  try {
    const index = await fetch('lessons/index.json').then((r) => (r.ok ? r.json() : []));
    const names = Array.isArray(index) ? index.filter((n) => typeof n === 'string' && /^[\w.-]+\.md$/.test(n)) : [];
    return await Promise.all(names.map(async (name) => {
      const r = await fetch('lessons/' + name);
      return { name, text: r.ok ? await r.text() : '' };
    }));
  } catch (err) {
    console.warn('pgplay: lessons could not be loaded:', describeError(err));
    return [];
  }
}

// Saved progress first, then the step the URL asks for, then the files.
export function handOverLessons({ runtime, files, savedProgress, lesson, step }) {
  runtime.call((m) => withUtf8(m, savedProgress, (ptr, len) => m._pgplay_load_progress(ptr, len)));
  if (lesson) runtime.call((m) => withCString(m, lesson, (ptr) => m._pgplay_open_lesson(ptr, step || 1)));
  for (const { name, text } of files) {
    runtime.call((m) => withCString(m, 'lessons/' + name, (namePtr) =>
      withUtf8(m, text, (ptr, len) => m._pgplay_add_lesson(namePtr, ptr, len))));
  }
  runtime.call((m) => m._pgplay_lessons_loaded());
}
