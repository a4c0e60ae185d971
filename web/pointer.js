// [SECTION] Pointer, wheel and cursor
//
// Positions are CSS pixels relative to the canvas. Only the primary pointer counts (a second
// finger must not teleport the mouse).

const MOUSE_BUTTON = { 0: 0, 1: 2, 2: 1 };   // DOM: 0 left, 1 middle, 2 right -> ImGui order

// Wheel deltas in ImGui units: one notch is about 1, positive scrolls up (ImGui's sign). Pixel
// deltas (most mice report ~100 per notch, touchpads smaller steps), line deltas (Firefox:
// 3 lines per notch), page deltas.
export function wheelSteps(deltaX, deltaY, deltaMode) {
  const scale = deltaMode === 1 ? 1 / 3 : deltaMode === 2 ? 3 : 1 / 100;
  return { dx: -deltaX * scale, dy: -deltaY * scale };
}

export function attachPointer({ canvas, hiddenInput, runtime, frames }) {
  const started = () => runtime.started;

  function sendMousePos(e) {
    const rect = canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    runtime.call((m) => m._pgplay_input_mouse_pos(x, y));
  }

  canvas.addEventListener('pointermove', (e) => {
    if (!e.isPrimary || !started()) return;
    sendMousePos(e);
    frames.request();
  });

  canvas.addEventListener('pointerdown', (e) => {
    if (!e.isPrimary || !started()) return;
    hiddenInput.focus();
    try {
      canvas.setPointerCapture(e.pointerId);   // drags keep reporting outside the canvas
    } catch {
      /* not capturable (already released) */
    }
    sendMousePos(e);
    const button = MOUSE_BUTTON[e.button] ?? e.button;
    runtime.call((m) => m._pgplay_input_mouse_button(button, 1));
    frames.request();
  });

  canvas.addEventListener('pointerup', (e) => {
    if (!e.isPrimary || !started()) return;
    sendMousePos(e);
    const button = MOUSE_BUTTON[e.button] ?? e.button;
    runtime.call((m) => m._pgplay_input_mouse_button(button, 0));
    // A finger that lifts leaves no hovering cursor behind.
    if (e.pointerType === 'touch') runtime.call((m) => m._pgplay_input_mouse_leave());
    frames.request();
  });

  canvas.addEventListener('pointercancel', (e) => {
    if (!e.isPrimary || !started()) return;
    for (const button of [0, 1, 2]) runtime.call((m) => m._pgplay_input_mouse_button(button, 0));
    runtime.call((m) => m._pgplay_input_mouse_leave());
    frames.request();
  });

  canvas.addEventListener('pointerleave', (e) => {
    if (!e.isPrimary || !started() || e.buttons !== 0) return;   // a drag continues outside
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
    sendMousePos(e);
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
