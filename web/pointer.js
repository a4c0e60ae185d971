// [SECTION] Pointer, wheel and cursor
//
// Positions are CSS pixels relative to the canvas (divided by the text size for the app). Only
// the primary pointer moves the mouse (a second finger must not teleport it).

const MOUSE_BUTTON = { 0: 0, 1: 2, 2: 1 };   // DOM: 0 left, 1 middle, 2 right -> ImGui order

// Wheel deltas in ImGui units: one notch is about 1, positive scrolls up (ImGui's sign). Pixel
// deltas (most mice report ~100 per notch, touchpads smaller steps), line deltas (Firefox:
// 3 lines per notch), page deltas.
export function wheelSteps(deltaX, deltaY, deltaMode) {
  const scale = deltaMode === 1 ? 1 / 3 : deltaMode === 2 ? 3 : 1 / 100;
  return { dx: -deltaX * scale, dy: -deltaY * scale };
}

// A finger moved this far (CSS pixels) is scrolling, not tapping.
export const TAP_SLOP = 8;
// ImGui scrolls about five text lines (5 x 13 px) per wheel notch: a finger's pixels become
// notches at this rate, so the content follows the finger.
export const PIXELS_PER_NOTCH = 65;

// What a touch gesture is so far, from where it started and where the finger is now:
// 'tap' (still within TAP_SLOP) or 'scroll'. Pure, for tests.
export function touchGesture(start, now, current) {
  if (current === 'scroll') return 'scroll';
  return Math.hypot(now.x - start.x, now.y - start.y) > TAP_SLOP ? 'scroll' : 'tap';
}

// Mouse and pen act as a mouse. Touch is read as a phone user means it: a tap clicks (and opens
// the on-screen keyboard only when it lands in a text field), a drag scrolls what is under the
// finger (the editor, the grid, a lesson), and two fingers pinch the text size (text-zoom.js).
// zoom: the text size; the app's coordinates are CSS pixels divided by it.
export function attachPointer({ canvas, hiddenInput, runtime, frames, zoom = { value: 1, set() {} } }) {
  const started = () => runtime.started;
  const touches = new Map();   // pointerId -> {x, y} of each finger down, in CSS pixels
  let touch = null;            // the primary finger's gesture: {start, last, mode}
  let pinch = null;            // {distance, zoom} when two fingers came down

  function position(e) {
    const rect = canvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  function sendMousePos(p) {
    const z = zoom.value;
    runtime.call((m) => m._pgplay_input_mouse_pos(p.x / z, p.y / z));
  }

  function fingerDistance() {
    const [a, b] = [...touches.values()];
    return Math.hypot(a.x - b.x, a.y - b.y);
  }

  // A tap: a click where the finger was; then the keyboard follows what took focus. The finger
  // "hovers" for one frame first: ImGui presses tabs and other overlapping items only under a
  // pointer that was already there the frame before.
  function tap(p) {
    sendMousePos(p);
    frames.drawNow();
    runtime.call((m) => m._pgplay_input_mouse_button(0, 1));
    frames.drawNow();
    runtime.call((m) => m._pgplay_input_mouse_button(0, 0));
    frames.drawNow();
    const wantsText = runtime.callApp((m) => m._pgplay_wants_text_input()) === 1;
    if (wantsText) hiddenInput.focus();   // in the tap's own event: phones open the keyboard then
    else hiddenInput.blur();
    runtime.call((m) => m._pgplay_input_mouse_leave());
    frames.request();
  }

  canvas.addEventListener('pointermove', (e) => {
    if (!started()) return;
    if (e.pointerType === 'touch') {
      if (!touches.has(e.pointerId)) return;
      touches.set(e.pointerId, position(e));
      if (pinch && touches.size >= 2) {
        zoom.set(pinch.zoom * (fingerDistance() / pinch.distance));
        return;
      }
      if (!touch || !e.isPrimary) return;
      const p = position(e);
      touch.mode = touchGesture(touch.start, p, touch.mode);
      if (touch.mode === 'scroll') {
        const dx = (p.x - touch.last.x) / PIXELS_PER_NOTCH;
        const dy = (p.y - touch.last.y) / PIXELS_PER_NOTCH;
        runtime.call((m) => m._pgplay_input_wheel(dx, dy));   // at the point the finger went down
        touch.last = p;
        frames.request();
      }
      return;
    }
    if (!e.isPrimary) return;
    sendMousePos(position(e));
    frames.request();
  });

  canvas.addEventListener('pointerdown', (e) => {
    if (!started()) return;
    try {
      canvas.setPointerCapture(e.pointerId);   // drags keep reporting outside the canvas
    } catch {
      /* not capturable (already released) */
    }
    if (e.pointerType === 'touch') {
      touches.set(e.pointerId, position(e));
      if (touches.size === 2) {
        pinch = { distance: Math.max(1, fingerDistance()), zoom: zoom.value };
        touch = null;   // a pinch is not a tap or a scroll
        return;
      }
      if (!e.isPrimary) return;
      const p = position(e);
      touch = { start: p, last: p, mode: 'tap' };
      sendMousePos(p);   // where the scrolling happens
      return;
    }
    if (!e.isPrimary) return;
    hiddenInput.focus();
    sendMousePos(position(e));
    const button = MOUSE_BUTTON[e.button] ?? e.button;
    runtime.call((m) => m._pgplay_input_mouse_button(button, 1));
    frames.request();
  });

  function endTouch(e, cancelled) {
    touches.delete(e.pointerId);
    if (touches.size < 2) pinch = null;
    if (!touch || !e.isPrimary) return;
    const gesture = touch;
    touch = null;
    if (!cancelled && gesture.mode === 'tap') tap(gesture.start);
    else runtime.call((m) => m._pgplay_input_mouse_leave());
    frames.request();
  }

  canvas.addEventListener('pointerup', (e) => {
    if (!started()) return;
    if (e.pointerType === 'touch') {
      endTouch(e, false);
      return;
    }
    if (!e.isPrimary) return;
    sendMousePos(position(e));
    const button = MOUSE_BUTTON[e.button] ?? e.button;
    runtime.call((m) => m._pgplay_input_mouse_button(button, 0));
    frames.request();
  });

  canvas.addEventListener('pointercancel', (e) => {
    if (!started()) return;
    if (e.pointerType === 'touch') {
      endTouch(e, true);
      return;
    }
    if (!e.isPrimary) return;
    for (const button of [0, 1, 2]) runtime.call((m) => m._pgplay_input_mouse_button(button, 0));
    runtime.call((m) => m._pgplay_input_mouse_leave());
    frames.request();
  });

  canvas.addEventListener('pointerleave', (e) => {
    if (!e.isPrimary || !started() || e.buttons !== 0 || e.pointerType === 'touch') return;   // a drag continues outside
    runtime.call((m) => m._pgplay_input_mouse_leave());
    frames.request();
  });

  // A mousedown on the (unfocusable) canvas would otherwise move focus off the textarea.
  canvas.addEventListener('mousedown', (e) => e.preventDefault());
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());

  canvas.addEventListener('wheel', (e) => {
    if (e.ctrlKey) return;   // Ctrl+wheel and touchpad pinch: the browser's zoom, kept for readability
    e.preventDefault();
    if (!started()) return;
    const { dx, dy } = wheelSteps(e.deltaX, e.deltaY, e.deltaMode);
    sendMousePos(position(e));
    runtime.call((m) => m._pgplay_input_wheel(dx, dy));
    frames.request();
  }, { passive: false });
}

// The CSS cursor ImGui asks for ("text", "pointer", "ew-resize", ...), set only when it changes.
export function createCursor(canvas) {
  let current = '';
  return (css) => {
    const value = String(css || 'default');
    if (value === current) return;
    current = value;
    canvas.style.cursor = value;
  };
}
