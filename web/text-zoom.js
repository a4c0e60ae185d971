// [SECTION] Text size
//
// How large pgplay draws everything, on top of the browser's own zoom (Ctrl+wheel and Ctrl+=
// stay the browser's): set by pinching the canvas with two fingers (pointer.js), where a phone
// has no browser zoom for a canvas that takes every touch. The app then lays out for a screen
// 1/zoom as wide, at zoom times the pixel ratio, so text, buttons and spacing grow together and
// stay sharp. Kept in this browser (localStorage).

export const MIN_ZOOM = 0.75;
export const MAX_ZOOM = 2;
const STORAGE_KEY = 'pgplay-text-zoom';

export function clampZoom(z) {
  const n = Number(z);
  if (!Number.isFinite(n) || n <= 0) return 1;
  return Math.round(Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, n)) * 100) / 100;
}

// The browser's localStorage, or null where reading it throws (an embed whose browser blocks
// third-party storage, a sandboxed frame).
function browserStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function createTextZoom(storage = browserStorage()) {
  let zoom = 1;
  try {
    zoom = clampZoom(storage?.getItem(STORAGE_KEY) ?? 1);
  } catch {
    zoom = 1;   // storage blocked: start at 1
  }
  const listeners = [];
  return {
    get value() { return zoom; },
    set(next) {
      const z = clampZoom(next);
      if (z === zoom) return;
      zoom = z;
      try {
        storage?.setItem(STORAGE_KEY, String(z));
      } catch {
        /* not kept, still applied */
      }
      for (const fn of listeners) fn(z);
    },
    onChange(fn) { listeners.push(fn); },
  };
}
