// Length-prefixed packing (web/packing.js): [u32 little-endian length][bytes]... the format C++
// uses for batches to the worker and replies from it (core/script_batches).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { packBatches, unpackBatches } from '../../web/packing.js';

const bytes = (...v) => new Uint8Array(v);

describe('packing', () => {
  it('lays entries out as little-endian length, then bytes', () => {
    assert.deepEqual([...packBatches([bytes(7, 8, 9), bytes(), bytes(1)])],
      [3, 0, 0, 0, 7, 8, 9, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    assert.deepEqual([...packBatches([new Uint8Array(258)]).subarray(0, 4)], [2, 1, 0, 0]);
  });

  it('packs nothing into nothing', () => {
    assert.equal(packBatches([]).length, 0);
    assert.deepEqual(unpackBatches(new Uint8Array(0)), []);
    assert.deepEqual(unpackBatches(new Uint8Array(0), 0), []);
  });

  it('round-trips, with ArrayBuffers and views at an offset', () => {
    const big = new Uint8Array(70000).map((_, i) => i * 7);
    const backing = new Uint8Array([99, 1, 2, 3, 99]);
    const list = [bytes(1, 2), big.buffer, new Uint8Array(backing.buffer, 1, 3), bytes()];
    const out = unpackBatches(packBatches(list));
    assert.equal(out.length, 4);
    assert.deepEqual([...out[0]], [1, 2]);
    assert.deepEqual(out[1], big);
    assert.deepEqual([...out[2]], [1, 2, 3]);
    assert.equal(out[3].length, 0);
  });

  it('reads exactly `count` entries, each with an ArrayBuffer of its own (transferable)', () => {
    const packed = packBatches([bytes(1), bytes(2, 3), bytes(4)]);
    const two = unpackBatches(packed, 2);
    assert.equal(two.length, 2);
    const buffers = new Set(two.map((b) => b.buffer));
    assert.equal(buffers.size, 2);
    for (const b of two) {
      assert.notEqual(b.buffer, packed.buffer);
      assert.equal(b.byteOffset, 0);
      assert.equal(b.byteLength, b.buffer.byteLength);
    }
  });

  it('reads a packed buffer that is a view into a larger heap', () => {
    const heap = new Uint8Array(64);
    const packed = packBatches([bytes(5, 6), bytes(7)]);
    heap.set(packed, 10);
    const out = unpackBatches(heap.subarray(10, 10 + packed.length), 2);
    assert.deepEqual(out.map((b) => [...b]), [[5, 6], [7]]);
  });

  it('refuses a buffer that ends inside an entry', () => {
    const packed = packBatches([bytes(1, 2, 3)]);
    assert.throws(() => unpackBatches(packed.subarray(0, 5)), RangeError);
    assert.throws(() => unpackBatches(packed.subarray(0, 2)), RangeError);
    assert.throws(() => unpackBatches(packed, 2), RangeError);
  });

  it('refuses what is not bytes', () => {
    assert.throws(() => packBatches(['text']), TypeError);
    assert.throws(() => unpackBatches(null), TypeError);
  });
});
