// The pinched text size (web/text-zoom.js): clamped, kept, and harmless where storage is not.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ZOOM, MIN_ZOOM, clampZoom, createTextZoom } from '../../web/text-zoom.js';

function memoryStorage(initial = {}) {
  const data = { ...initial };
  return { getItem: (k) => (k in data ? data[k] : null), setItem: (k, v) => { data[k] = String(v); }, data };
}

it('clamps to its range and rounds to hundredths; nonsense is 1', () => {
  assert.equal(clampZoom(5), MAX_ZOOM);
  assert.equal(clampZoom(0.1), MIN_ZOOM);
  assert.equal(clampZoom(1.23456), 1.23);
  for (const bad of [NaN, -1, 0, 'abc', null, undefined, Infinity]) assert.equal(clampZoom(bad), 1, String(bad));
});

it('starts from what was kept, keeps each change, and tells listeners', () => {
  const storage = memoryStorage({ 'pgplay-text-zoom': '1.5' });
  const zoom = createTextZoom(storage);
  assert.equal(zoom.value, 1.5);
  const heard = [];
  zoom.onChange((z) => heard.push(z));
  zoom.set(1.8);
  zoom.set(1.8);   // no change, no news
  zoom.set(9);
  assert.deepEqual(heard, [1.8, 2]);
  assert.equal(storage.data['pgplay-text-zoom'], '2');
});

it('works where storage throws or is missing', () => {
  const throwing = { getItem() { throw new Error('SecurityError'); }, setItem() { throw new Error('SecurityError'); } };
  const zoom = createTextZoom(throwing);
  assert.equal(zoom.value, 1);
  zoom.set(1.4);
  assert.equal(zoom.value, 1.4);
  assert.equal(createTextZoom(null).value, 1);
  assert.equal(createTextZoom(memoryStorage({ 'pgplay-text-zoom': 'garbage' })).value, 1);
});
