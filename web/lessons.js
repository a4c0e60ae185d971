// [SECTION] Lesson and race files
//
// Lessons and race scenarios are static files (build/web/lessons/, listed in lessons/index.json,
// and build/web/lessons/races/, listed in lessons/races/index.json) parsed by the C++ core. They
// load beside the UI module and are handed over after it starts, never holding up the first frame.

import { withCString, withUtf8 } from './heap.js';
import { describeError } from './runtime.js';

// [{name, text}] for every file the folder's index.json lists with the given extension; [] when
// the list cannot be read.
async function fetchListed(folder, extension) {
  try {
    const index = await fetch(folder + 'index.json').then((r) => (r.ok ? r.json() : []));
    const names = Array.isArray(index)
      ? index.filter((n) => typeof n === 'string' && /^[\w.-]+$/.test(n) && n.endsWith(extension)) : [];
    return await Promise.all(names.map(async (name) => {
      const r = await fetch(folder + name);
      return { name, text: r.ok ? await r.text() : '' };
    }));
  } catch (err) {
    console.warn(`pgplay: ${folder} could not be loaded:`, describeError(err));
    return [];
  }
}

export const fetchLessons = () => fetchListed('lessons/', '.md');
export const fetchRaces = () => fetchListed('lessons/races/', '.txt');

// The race scenarios, then ?race=<id> (opened once the files are in).
export function handOverRaces({ runtime, files, race }) {
  for (const { name, text } of files) {
    runtime.call((m) => withCString(m, 'lessons/races/' + name, (namePtr) =>
      withUtf8(m, text, (ptr, len) => m._pgplay_add_race(namePtr, ptr, len))));
  }
  if (race) runtime.call((m) => withCString(m, race, (ptr) => m._pgplay_open_race(ptr)));
  runtime.call((m) => m._pgplay_races_loaded());
}

// Saved progress first, then the step the URL asks for, then the files; then the lesson file
// ?file= names ({path, text} or null, see exercise.js), after the site's own so it can never
// replace one of them.
export function handOverLessons({ runtime, files, savedProgress, lesson, step, lessonFile = null }) {
  runtime.call((m) => withUtf8(m, savedProgress, (ptr, len) => m._pgplay_load_progress(ptr, len)));
  if (lesson && !lessonFile) runtime.call((m) => withCString(m, lesson, (ptr) => m._pgplay_open_lesson(ptr, step || 1)));
  for (const { name, text } of files) {
    runtime.call((m) => withCString(m, 'lessons/' + name, (namePtr) =>
      withUtf8(m, text, (ptr, len) => m._pgplay_add_lesson(namePtr, ptr, len))));
  }
  if (lessonFile) {
    runtime.call((m) => withCString(m, lessonFile.path, (namePtr) => withUtf8(m, lessonFile.text,
      (ptr, len) => m._pgplay_open_lesson_file(namePtr, ptr, len, step || 1))));
  }
  runtime.call((m) => m._pgplay_lessons_loaded());
}
