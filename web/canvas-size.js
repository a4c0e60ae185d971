// [SECTION] Canvas size and device pixel ratio
//
// The canvas's backing store is its CSS size times devicePixelRatio, so text is crisp on
// high-DPI screens; the C++ gets CSS pixels plus the ratio. Browser zoom changes the ratio; the
// text size (text-zoom.js) divides the size the app lays out for and multiplies the ratio, so the
// backing store stays one pixel per device pixel.

export function createCanvasSizer({ canvas, runtime, frames, zoom = { value: 1 }, onResized = () => {} }) {
  let last = { w: -1, h: -1, dpr: -1 };
  let dprQuery = null;

  function measure() {
    const rect = canvas.getBoundingClientRect();
    const z = zoom.value;
    return { w: rect.width / z, h: rect.height / z, dpr: (window.devicePixelRatio || 1) * z };
  }

  function sizeBackingStore({ w, h, dpr }) {
    const pw = Math.max(1, Math.round(w * dpr));
    const ph = Math.max(1, Math.round(h * dpr));
    if (canvas.width !== pw) canvas.width = pw;
    if (canvas.height !== ph) canvas.height = ph;
  }

  // Sizes the backing store before pgplay_start; returns the size to start with.
  function initial() {
    const size = measure();
    sizeBackingStore(size);
    last = size;
    return size;
  }

  function onResize() {
    if (!runtime.started || runtime.crashed) return;
    const size = measure();
    if (size.w === last.w && size.h === last.h && size.dpr === last.dpr) return;
    last = size;
    sizeBackingStore(size);
    runtime.call((m) => m._pgplay_resize(size.w, size.h, size.dpr));
    // Drawn now, not at the next animation frame: resizing cleared the canvas, and this runs
    // before the browser paints, so the learner never sees it blank.
    frames.drawNow();
    onResized();
  }

  function watchDevicePixelRatio() {
    if (dprQuery) dprQuery.removeEventListener('change', onDprChange);
    try {
      dprQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      dprQuery.addEventListener('change', onDprChange);
    } catch {
      dprQuery = null;   // old browsers: the window resize listener still catches most changes
    }
  }

  function onDprChange() {
    watchDevicePixelRatio();
    onResize();
  }

  // After start: follow the canvas's size and the ratio.
  function watch() {
    if (typeof ResizeObserver === 'function') new ResizeObserver(onResize).observe(canvas);
    window.addEventListener('resize', onResize);
    watchDevicePixelRatio();
  }

  return { initial, watch, refresh: onResize };
}
