// [SECTION] URL parameters
//
// ?sql=<text> prefills the editor, &run=1 runs it, ?embed=1 gives the minimal chrome,
// ?lesson=<id>&step=<n> opens a lesson step (steps count from 1), ?race=<id> a race scenario. A malformed parameter is
// skipped with a warning; it never stops the page. No DOM here: tests run it in Node.

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

// What the page does with its URL: {sql, run, embed, lesson, step, race}.
export function readParams(search, warn = console.warn) {
  const raw = parseQuery(search, warn);
  const flag = (v) => v === '1' || v === 'true';
  let sql = typeof raw.sql === 'string' ? raw.sql : '';
  if (sql.length > MAX_SQL_PARAM) {
    warn(`pgplay: the sql parameter is longer than ${MAX_SQL_PARAM} characters; ignoring it`);
    sql = '';
  }
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
  };
}
