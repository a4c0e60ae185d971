// Runs pgplay's wire-protocol batches on a PGlite instance. Plain ES module with no worker-only
// globals, so the browser's db-worker.js and a Node tool run exactly the same code.
//
// The C++ side encodes each statement of a script as one batch (Parse/Bind/Describe/Execute/
// Sync) and decodes the replies itself; this file only executes the batches in order, stops
// after the first error (as psql does with ON_ERROR_STOP), and tells whether the database
// changed so the UI knows when to refresh the schema browser.
//
// PostgreSQL messages, backend and frontend alike: 1 type byte, then an int32 big-endian length
// that counts itself but not the type byte, then the body.

const TYPE_ERROR_RESPONSE = 0x45;   // 'E'
const TYPE_DATA_ROW = 0x44;         // 'D'
const TYPE_READY_FOR_QUERY = 0x5a;  // 'Z'

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

// Calls fn(type, body) for each complete message in bytes; returning true from fn stops the walk.
// A truncated tail (which PGlite should never produce) is ignored rather than read past the end.
export function walkMessages(bytes, fn) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 5 <= bytes.length) {
    const type = bytes[at];
    const length = view.getInt32(at + 1, false);
    if (length < 4 || at + 1 + length > bytes.length) return;
    if (fn(type, bytes.subarray(at + 5, at + 1 + length)) === true) return;
    at += 1 + length;
  }
}

export function hasErrorResponse(bytes) {
  let found = false;
  walkMessages(bytes, (type) => (found = type === TYPE_ERROR_RESPONSE));
  return found;
}

// The fields of the first ErrorResponse in bytes, by their one-letter codes (C the SQLSTATE,
// M the message, D detail, H hint...), or null when there is none.
export function errorFields(bytes) {
  let fields = null;
  walkMessages(bytes, (type, body) => {
    if (type !== TYPE_ERROR_RESPONSE) return false;
    fields = {};
    let at = 0;
    while (at < body.length && body[at] !== 0) {
      const code = String.fromCharCode(body[at]);
      const end = body.indexOf(0, at + 1);
      if (end < 0) break;
      fields[code] = textDecoder.decode(body.subarray(at + 1, end));
      at = end + 1;
    }
    return true;
  });
  return fields;
}

// The transaction status of the last ReadyForQuery in bytes: 'I' idle, 'T' in a transaction
// block, 'E' in a failed transaction block; null when there is none.
export function lastTransactionStatus(bytes) {
  let status = null;
  walkMessages(bytes, (type, body) => {
    if (type === TYPE_READY_FOR_QUERY && body.length >= 1) status = String.fromCharCode(body[0]);
  });
  return status;
}

// One frontend message: type, int32 length, body.
function frontendMessage(typeChar, body) {
  const out = new Uint8Array(5 + body.length);
  out[0] = typeChar.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, 4 + body.length, false);
  out.set(body, 5);
  return out;
}

// A simple Query message: 'Q', length, the SQL text, NUL.
export function encodeSimpleQuery(sql) {
  const text = textEncoder.encode(sql);
  const body = new Uint8Array(text.length + 1);
  body.set(text);
  return frontendMessage('Q', body);
}

// A lone Sync: PostgreSQL answers with ReadyForQuery and does nothing else when no extended
// query is in progress, so it reads the transaction status without running any SQL.
export function encodeSync() {
  return frontendMessage('S', new Uint8Array(0));
}

// The first column of the first DataRow as text (null when there is none or it is NULL).
export function firstDataRowText(bytes) {
  let text = null;
  walkMessages(bytes, (type, body) => {
    if (type !== TYPE_DATA_ROW) return false;
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    if (body.length >= 6 && view.getInt16(0, false) >= 1) {
      const n = view.getInt32(2, false);
      if (n >= 0 && 6 + n <= body.length) text = textDecoder.decode(body.subarray(6, 6 + n));
    }
    return true;
  });
  return text;
}

// A synthetic ErrorResponse + ReadyForQuery, for failures that happen outside PostgreSQL (the
// WASM engine threw), so the C++ decoder shows them like any other server error.
export function encodeErrorReply({ sqlstate = 'XX000', message, detail, hint, status = 'I' }) {
  const parts = [];
  const field = (code, value) => {
    if (value === undefined || value === null || value === '') return;
    parts.push(textEncoder.encode(code + String(value)), new Uint8Array([0]));
  };
  field('S', 'ERROR');
  field('V', 'ERROR');
  field('C', sqlstate);
  field('M', message || 'internal error');
  field('D', detail);
  field('H', hint);
  parts.push(new Uint8Array([0]));
  const body = concatBytes(parts);
  return concatBytes([frontendMessage('E', body), frontendMessage('Z', textEncoder.encode(status))]);
}

export function concatBytes(chunks) {
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// A copy that owns its whole ArrayBuffer, safe to transfer to another thread and never a view
// into memory that PGlite reuses for the next query.
export function ownedCopy(bytes) {
  return new Uint8Array(bytes);
}

function toBytes(batch) {
  if (batch instanceof Uint8Array) return batch;
  if (batch instanceof ArrayBuffer) return new Uint8Array(batch);
  if (ArrayBuffer.isView(batch)) return new Uint8Array(batch.buffer, batch.byteOffset, batch.byteLength);
  throw new TypeError('a batch must be a Uint8Array or an ArrayBuffer');
}

export async function readTransactionStatus(pg) {
  try {
    return lastTransactionStatus(await pg.execProtocolRaw(encodeSync()));
  } catch {
    return null;
  }
}

const LSN_QUERY = encodeSimpleQuery('SELECT pg_current_wal_insert_lsn()');

// The current WAL insert position ('0/1A2B3C8'), or null when it cannot be read (an aborted
// transaction answers with an error).
export async function readLsn(pg) {
  try {
    const reply = await pg.execProtocolRaw(LSN_QUERY);
    if (hasErrorResponse(reply)) return null;
    return firstDataRowText(reply);
  } catch {
    return null;
  }
}

// Reads the LSN only outside a transaction block. Inside one, even a harmless SELECT would take
// the transaction's snapshot early (changing what REPEATABLE READ sees) and make a later
// SET TRANSACTION ISOLATION LEVEL fail, so the learner's transaction is never touched.
async function lsnIfIdle(pg, status) {
  return status === 'I' ? readLsn(pg) : null;
}

// [SECTION] Byte caps
//
// The row limit in each Execute stops a 50-million-row result inside PostgreSQL, but one row can
// hold a 400 MB value, and rows of a few MB each add up: such a reply would be copied to the
// page and into the app's heap several times and could take the whole tab down. So each reply
// is cut here, before it leaves the engine's thread:
//   - a value longer than VALUE_BYTE_CAP keeps its first VALUE_BYTE_CAP bytes (at a character
//     boundary), and a pgplay message right after its DataRow gives its full length;
//   - after RESULT_BYTE_CAP bytes of rows, further rows are dropped, and a pgplay message before
//     the CommandComplete says how many.
// The pgplay message has type '~', which PostgreSQL never sends; core/pg_wire reads it:
//   '~' int32 length, int8 1, int16 n, n x (int16 column, uint32 full length)   values cut
//   '~' int32 length, int8 2, uint32 rows dropped, uint32 byte cap               rows dropped

export const VALUE_BYTE_CAP = 1 << 20;     // 1 MiB: far more than a cell can show
export const RESULT_BYTE_CAP = 64 << 20;   // 64 MiB of rows per statement
const TYPE_PGPLAY_CUT = 0x7e;              // '~'

function pgplayCutMessage(kind, write, bodyLength) {
  const out = new Uint8Array(5 + bodyLength);
  const view = new DataView(out.buffer);
  out[0] = TYPE_PGPLAY_CUT;
  view.setInt32(1, 4 + bodyLength, false);
  out[5] = kind;
  write(view, 6);
  return out;
}

// The longest prefix of value (a UTF-8 byte range) that is at most cap bytes and ends on a
// character boundary.
function utf8PrefixLength(bytes, start, length, cap) {
  if (length <= cap) return length;
  let n = cap;
  while (n > 0 && (bytes[start + n] & 0xc0) === 0x80) n--;
  return n;
}

// A DataRow with its long values cut, plus the '~' message listing them; null when no value
// is longer than valueCap.
function cutDataRow(bytes, at, valueCap) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getInt16(at + 5, false);
  const cells = [];   // {start, length (-1: NULL), kept}
  const cuts = [];    // [column, full length]
  let size = 2;
  let p = at + 7;
  for (let column = 0; column < count; column++) {
    const length = view.getInt32(p, false);
    p += 4;
    const kept = length > valueCap ? utf8PrefixLength(bytes, p, length, valueCap) : length;
    if (length > valueCap) cuts.push([column, length]);
    cells.push({ start: p, length, kept });
    size += 4 + Math.max(0, kept);
    if (length > 0) p += length;
  }
  if (cuts.length === 0) return null;
  const row = new Uint8Array(5 + size);
  const out = new DataView(row.buffer);
  row[0] = TYPE_DATA_ROW;
  out.setInt32(1, 4 + size, false);
  out.setInt16(5, count, false);
  let w = 7;
  for (const { start, kept } of cells) {
    out.setInt32(w, kept, false);
    w += 4;
    if (kept > 0) {
      row.set(bytes.subarray(start, start + kept), w);
      w += kept;
    }
  }
  const note = pgplayCutMessage(1, (v, o) => {
    v.setInt16(o, cuts.length, false);
    cuts.forEach(([column, full], i) => {
      v.setInt16(o + 2 + i * 6, column, false);
      v.setUint32(o + 4 + i * 6, full, false);
    });
  }, 1 + 2 + cuts.length * 6);
  return [row, note];
}

// The reply with the caps applied (the same array when nothing needed cutting).
export function capReply(reply, valueCap = VALUE_BYTE_CAP, totalCap = RESULT_BYTE_CAP) {
  if (reply.length <= valueCap && reply.length <= totalCap) return reply;
  const view = new DataView(reply.buffer, reply.byteOffset, reply.byteLength);
  const parts = [];
  let changed = false;
  let rowBytes = 0;
  let dropped = 0;
  let at = 0;
  while (at + 5 <= reply.length) {
    const type = reply[at];
    const length = view.getInt32(at + 1, false);
    if (length < 4 || at + 1 + length > reply.length) break;
    const whole = reply.subarray(at, at + 1 + length);
    if (type === TYPE_DATA_ROW) {
      const cut = dropped === 0 ? cutDataRow(reply, at, valueCap) : null;
      const size = cut ? cut[0].length : whole.length;
      if (dropped > 0 || rowBytes + size > totalCap) {
        dropped++;
        changed = true;
      } else if (cut) {
        parts.push(cut[0], cut[1]);
        rowBytes += size;
        changed = true;
      } else {
        parts.push(whole);
        rowBytes += size;
      }
    } else {
      if (dropped > 0) {
        parts.push(pgplayCutMessage(2, (v, o) => {
          v.setUint32(o, dropped, false);
          v.setUint32(o + 4, totalCap, false);
        }, 9));
        dropped = 0;
      }
      parts.push(whole);
    }
    at += 1 + length;
  }
  if (at < reply.length) parts.push(reply.subarray(at));
  return changed ? concatBytes(parts) : reply;
}

// Runs the batches in order and stops after the first one whose reply holds an ErrorResponse.
// Returns { replies: Uint8Array[] (owned copies), changed, ms, status }:
//   changed  the WAL insert position moved (true whenever it could not be compared: inside a
//            transaction block, or when reading it failed; being wrong that way only costs a
//            refresh),
//   ms       time spent in the learner's batches, not in the bookkeeping around them,
//   status   the transaction status afterwards ('I', 'T', 'E', or null).
// A JavaScript exception from the engine becomes a synthetic ErrorResponse reply.
//
// recover(reply) (optional) looks at a batch's error: it may fix its cause and resolve with the
// PGlite instance to go on with (the same or a new one: db-worker.js loads an extension that way),
// and the batch is run again; or resolve with null to let the error stand (a few tries at most).
export async function runBatches(pg, batches, now = () => performance.now(), recover = null) {
  const statusBefore = await readTransactionStatus(pg);
  const before = await lsnIfIdle(pg, statusBefore);

  const replies = [];
  const t0 = now();
  for (const batch of batches) {
    let reply;
    for (let attempt = 0; ; attempt++) {
      reply = await runBatch(pg, batch);
      if (!recover || attempt >= MAX_RECOVERIES || !hasErrorResponse(reply)) break;
      const next = await recover(reply);
      if (!next) break;
      pg = next;
    }
    replies.push(reply);
    if (hasErrorResponse(reply)) break;
  }
  const ms = now() - t0;

  let status = replies.length ? lastTransactionStatus(replies[replies.length - 1]) : statusBefore;
  if (status === null) status = await readTransactionStatus(pg);
  const after = await lsnIfIdle(pg, status);
  const changed = before === null || after === null || before !== after;
  return { replies, changed, ms, status };
}

const MAX_RECOVERIES = 4;   // CREATE EXTENSION ... CASCADE may need a few bundles in turn

async function runBatch(pg, batch) {
  try {
    const raw = await pg.execProtocolRaw(toBytes(batch));
    const capped = capReply(raw);
    return capped === raw ? ownedCopy(raw) : capped;
  } catch (err) {
    // PGENG (pgplay's own SQLSTATE): the engine itself failed, and every later query would
    // too. The C++ side answers with it and restarts PostgreSQL from the committed state.
    return encodeErrorReply({
      sqlstate: 'PGENG',
      message: 'PostgreSQL stopped with an internal error: ' + describeError(err),
    });
  }
}

export function describeError(err) {
  if (err && typeof err.message === 'string' && err.message) return err.message;
  try {
    return String(err);
  } catch {
    return 'unknown error';
  }
}

// [SECTION] pg_dump
//
// pg_dump (@electric-sql/pglite-tools, passed in as `pgDump`: the page and the Node tools load it
// from different places) talks to PGlite over its one connection, so it runs in the learner's
// session: it opens a REPEATABLE READ, READ ONLY transaction and leaves it open, empties
// search_path and changes other settings (a dump's header does the same when it is replayed).
// Here the session is put back as it was: the transaction rolled back, every setting reset and
// the learner's own ones set again, their prepared statements prepared again. Inside the
// learner's open transaction pg_dump would fail, and ending that transaction would lose their
// work, so it is refused with a clear error.
export async function pgDumpText(pg, pgDump, args) {
  const started = performance.now();
  if ((await readTransactionStatus(pg)) !== 'I') {
    return { error: 'pg_dump cannot run inside an open transaction: COMMIT or ROLLBACK first', ms: 0 };
  }
  const own = (await pg.query("SELECT name, setting FROM pg_settings WHERE source = 'session'")).rows;
  // pg_dump's DEALLOCATE ALL drops the learner's prepared statements: they are prepared again.
  const prepared = (await pg.query('SELECT statement FROM pg_prepared_statements WHERE from_sql')).rows;
  // pg_dump sets the search_path it found back at the end; an empty one (after a replayed dump)
  // would make that a syntax error, so it runs with a harmless one.
  await pg.exec('SET search_path = pg_catalog');
  let outcome;
  try {
    const file = await pgDump({ pg, args: args.map(String) });
    outcome = { text: await file.text() };
  } catch (err) {
    // "pg_dump failed with exit code 1. Error message: invalid binary ... this.program: error: no
    // matching tables were found": what pg_dump itself said comes after its last "error: ".
    const message = describeError(err);
    const at = message.lastIndexOf('error: ');
    outcome = { error: (at >= 0 ? message.slice(at + 7) : message).trim() || 'pg_dump failed' };
  }
  try {
    if ((await readTransactionStatus(pg)) !== 'I') await pg.exec('ROLLBACK');
    await pg.exec('RESET ALL');
    for (const { name, setting } of own) await pg.query('SELECT set_config($1, $2, false)', [name, setting]);
    for (const { statement } of prepared) {
      try {
        await pg.exec(statement);
      } catch {
        /* one that no longer prepares (its table is gone) stays gone, as after a reconnect */
      }
    }
  } catch (err) {
    outcome = { ...outcome, error: outcome.error || 'pg_dump ran, but the session could not be put back: ' + describeError(err) };
  }
  return { ...outcome, ms: performance.now() - started };
}
