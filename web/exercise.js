// [SECTION] The exercise a URL asks for
//
// A blogger gives an embed its own exercise with ?setup=<sql>, or with ?file=<path> for a setup
// too long for a URL: a .sql file is the setup script, a lesson-format .md file is a whole lesson
// (task, hints, checks). The file must be on this site's origin (params.js checks the address);
// this module fetches it and says in words what went wrong.
//
// An embed's database is its own and in memory, so it runs the setup before anything else. The
// full-size app holds the learner's stored sandbox, which a link must never change by itself: it
// puts the setup in the editor above the query, and the learner decides whether to run it.

export const MAX_FILE_BYTES = 1 << 20;   // a setup script or lesson; more is surely not one

// -> {setup, lessonFile: {path, text} | null, problem: null | {message, hint}}
export async function loadExercise(params, fetchFn = (url) => fetch(url, { credentials: 'same-origin' })) {
  const out = { setup: params.setup || '', lessonFile: null, problem: null };
  const file = params.file;
  if (!file) return out;
  const fail = (message, hint) => {
    out.problem = { message, hint };
    return out;
  };
  let response;
  try {
    response = await fetchFn(file.url);
  } catch {
    return fail(`The file ${file.path} could not be loaded: the network request failed.`, 'Check the connection and reload.');
  }
  if (!response.ok) {
    return fail(`The file ${file.path} could not be loaded (HTTP ${response.status}).`,
      'Check the file= address: it is a path on this site.');
  }
  const type = (response.headers.get('content-type') || '').toLowerCase();
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_FILE_BYTES) return fail(`The file ${file.path} is larger than 1 MB.`, 'Use a smaller setup.');
  const text = await response.text();
  if (text.length > MAX_FILE_BYTES) return fail(`The file ${file.path} is larger than 1 MB.`, 'Use a smaller setup.');
  // A server that answers every path with its home page must not have that page run as SQL.
  if (type.startsWith('text/html') || /^\s*<(!doctype|html)/i.test(text)) {
    return fail(`The file ${file.path} is a web page, not a ${file.kind === 'sql' ? '.sql script' : 'lesson file'}.`,
      'Check the file= address.');
  }
  if (file.kind === 'sql') out.setup = text;
  else out.lessonFile = { path: file.path, text };
  return out;
}

// The full-size app's first editor text for a setup and a query: both, the setup first, for the
// learner to read and run.
export function setupInEditor(setup, sql) {
  if (!setup.trim()) return sql;
  const query = sql.trim() ? '\n\n-- The query\n' + sql : '';
  return '-- The exercise\'s setup: run it to create its tables in your sandbox\n' + setup.replace(/\s+$/, '') + query;
}
