// [SECTION] URL parameters
//
// ?sql=<text> prefills the editor, &run=1 runs it, ?embed=1 gives the minimal chrome,
// ?lesson=<id>&step=<n> opens a lesson step (steps count from 1), ?race=<id> a race scenario.
// An embed's own exercise: ?setup=<sql> (run on its database before anything else) or
// ?file=<path>, a file on this site's origin: a .sql file is the setup, a lesson-format .md file
// is opened as a lesson (at &step=). ?s=<data> is a share link (share.js; mergeShared below).
// A malformed parameter is skipped with a warning; it never
// stops the page. No DOM here: tests run it in Node.

export const MAX_SQL_PARAM = 200000;   // characters; a longer URL is almost certainly a mistake

// The query string as {name: value}, decoded the way forms encode it ('+' is a space). The
// first occurrence of a name wins; a part whose percent-encoding is broken is skipped.
export function parseQuery(search, warn = console.warn) {
  const out = {};
  const query = typeof search === 'string' ? search.replace(/^\?/, '') : '';
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    let name, value;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      warn(`pgplay: ignoring the URL parameter "${rawName.slice(0, 40)}": malformed percent-encoding`);
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(out, name)) out[name] = value;
  }
  return out;
}

// A race scenario id as scenario files write it: lowercase letters, digits and '-'.
function readRaceId(value, warn) {
  if (value === undefined || value === '') return null;
  if (/^[a-z0-9-]{1,64}$/.test(value)) return value;
  warn('pgplay: ignoring the race parameter: a race id has only lowercase letters, digits and "-"');
  return null;
}

// ?file=: a path on the page's own origin ending in .sql or .md, as {url, path, kind}; null
// (with a warning) for anything else. `base` is the page's address.
function readFile(value, base, warn) {
  if (value === undefined || value === '') return null;
  let url;
  try {
    url = new URL(value, base);
  } catch {
    warn('pgplay: ignoring the file parameter: it is not a path');
    return null;
  }
  if (url.origin !== new URL(base).origin) {
    warn('pgplay: ignoring the file parameter: the file must be on this site (' + new URL(base).origin + ')');
    return null;
  }
  const kind = /\.sql$/i.test(url.pathname) ? 'sql' : /\.md$/i.test(url.pathname) ? 'lesson' : null;
  if (!kind) {
    warn('pgplay: ignoring the file parameter: it names a .sql setup script or a .md lesson file');
    return null;
  }
  return { url: url.href, path: url.pathname, kind };
}

// What the page does with its URL: {sql, run, embed, lesson, step, race, setup, file}. `base`:
// the page's address, which ?file= must share its origin with.
export function readParams(search, warn = console.warn, base = 'http://localhost/') {
  const raw = parseQuery(search, warn);
  const flag = (v) => v === '1' || v === 'true';
  const text = (name) => {
    const value = typeof raw[name] === 'string' ? raw[name] : '';
    if (value.length <= MAX_SQL_PARAM) return value;
    warn(`pgplay: the ${name} parameter is longer than ${MAX_SQL_PARAM} characters; ignoring it`);
    return '';
  };
  const sql = text('sql');
  let step = null;
  if (raw.step !== undefined) {
    const n = Number(raw.step);
    if (Number.isInteger(n) && n >= 1) step = n;
    else warn('pgplay: ignoring the step parameter: it must be a whole number from 1');
  }
  return {
    sql,
    run: flag(raw.run),
    embed: flag(raw.embed),
    lesson: typeof raw.lesson === 'string' && raw.lesson ? raw.lesson : null,
    step,
    race: readRaceId(raw.race, warn),
    setup: text('setup'),
    file: readFile(raw.file, base, warn),
    share: typeof raw.s === 'string' ? raw.s : '',
  };
}

// A share link's payload (share.js, already checked field by field) over the parameters: what
// the link says wins; its file is checked like ?file= is. Never makes the page an embed.
export function mergeShared(params, payload, base = 'http://localhost/', warn = console.warn) {
  const out = { ...params };
  if (payload.sql !== undefined) out.sql = payload.sql.length <= MAX_SQL_PARAM ? payload.sql : '';
  if (payload.setup !== undefined) out.setup = payload.setup.length <= MAX_SQL_PARAM ? payload.setup : '';
  if (payload.lesson !== undefined) {
    out.lesson = payload.lesson;
    out.step = payload.step || null;
  }
  if (payload.race !== undefined) out.race = readRaceId(payload.race, warn);
  if (payload.file !== undefined) out.file = readFile(payload.file, base, warn);
  return out;
}
