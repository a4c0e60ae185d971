// [SECTION] Strings and bytes into the WebAssembly heap
//
// The C++ copies whatever it is given, so each buffer lives only for the duration of a call:
// allocated, filled, passed, freed.

export function withCString(M, str, fn) {
  const text = String(str ?? '');
  const size = M.lengthBytesUTF8(text) + 1;
  const ptr = M._malloc(size);
  if (!ptr) throw new Error(`out of memory (${size} bytes for a string)`);
  try {
    M.stringToUTF8(text, ptr, size);
    return fn(ptr);
  } finally {
    M._free(ptr);
  }
}

// fn(ptr, length) with a copy of `bytes` (a Uint8Array) in the heap.
export function withBytes(M, bytes, fn) {
  const ptr = M._malloc(Math.max(1, bytes.length));
  if (!ptr) throw new Error(`out of memory (${bytes.length} bytes)`);
  try {
    M.HEAPU8.set(bytes, ptr);   // HEAPU8 read after malloc: the heap may have grown
    return fn(ptr, bytes.length);
  } finally {
    M._free(ptr);
  }
}

const encoder = new TextEncoder();

// Text as UTF-8 bytes with a length, not a C string: it may contain NUL characters, which must
// reach the C++ whole (SQL with a NUL gets a clear error instead of being cut short).
export function withUtf8(M, text, fn) {
  return withBytes(M, encoder.encode(String(text ?? '')), fn);
}
