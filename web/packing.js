// [SECTION] Length-prefixed packing
//
// A list of byte strings travels between C++ and JavaScript as one buffer:
//   [u32 little-endian length][bytes] [u32 length][bytes] ...
// C++ packs the wire-protocol batches of a script this way (pgplay_js_db_send), and the page
// packs the worker's replies the same way for pgplay_db_reply. One buffer means one copy into
// or out of the WebAssembly heap, however many statements a script has.
//
// A plain ES module with no DOM or worker globals, so Node can use it as well.

// Packs a list of Uint8Array (or ArrayBuffer) into one Uint8Array.
export function packBatches(list) {
  const parts = Array.from(list || [], toBytes);
  let total = 0;
  for (const p of parts) total += 4 + p.length;
  const packed = new Uint8Array(total);
  const view = new DataView(packed.buffer);
  let at = 0;
  for (const p of parts) {
    view.setUint32(at, p.length, true);
    packed.set(p, at + 4);
    at += 4 + p.length;
  }
  return packed;
}

// Reads `count` entries (all of them when count is omitted) back out of `packed`. Each entry is
// a copy with an ArrayBuffer of its own, so it can be transferred to a worker as it is. Throws
// a RangeError when the buffer ends inside an entry.
export function unpackBatches(packed, count = Infinity) {
  const bytes = toBytes(packed);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  let at = 0;
  while (out.length < count && (count !== Infinity || at < bytes.length)) {
    if (at + 4 > bytes.length) throw new RangeError(`packed batches end early: entry ${out.length} has no length`);
    const n = view.getUint32(at, true);
    if (at + 4 + n > bytes.length) {
      throw new RangeError(`packed batches end early: entry ${out.length} needs ${n} bytes, ${bytes.length - at - 4} left`);
    }
    out.push(bytes.slice(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

function toBytes(b) {
  if (b instanceof Uint8Array) return b;
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  if (ArrayBuffer.isView(b)) return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  throw new TypeError('expected bytes (Uint8Array or ArrayBuffer), got ' + (b === null ? 'null' : typeof b));
}
