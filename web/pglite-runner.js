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

// Runs the batches in order and stops after the first one whose reply holds an ErrorResponse.
// Returns { replies: Uint8Array[] (owned copies), changed, ms, status }:
//   changed  the WAL insert position moved (true whenever it could not be compared: inside a
//            transaction block, or when reading it failed; being wrong that way only costs a
//            refresh),
//   ms       time spent in the learner's batches, not in the bookkeeping around them,
//   status   the transaction status afterwards ('I', 'T', 'E', or null).
// A JavaScript exception from the engine becomes a synthetic ErrorResponse reply.
export async function runBatches(pg, batches, now = () => performance.now()) {
  const statusBefore = await readTransactionStatus(pg);
  const before = await lsnIfIdle(pg, statusBefore);

  const replies = [];
  const t0 = now();
  for (const batch of batches) {
    let reply;
    try {
      reply = ownedCopy(await pg.execProtocolRaw(toBytes(batch)));
    } catch (err) {
      reply = encodeErrorReply({
        message: 'PostgreSQL stopped with an internal error: ' + describeError(err),
        hint: 'Press Stop or reload the page to restart PostgreSQL.',
      });
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

export function describeError(err) {
  if (err && typeof err.message === 'string' && err.message) return err.message;
  try {
    return String(err);
  } catch {
    return 'unknown error';
  }
}
