// [SECTION] Frames on demand
//
// A frame is drawn only when input, a worker reply or an animation asks for one, so an idle tab
// (or three embeds on one blog page) costs no CPU. At most one animation frame and one timer
// are pending at any time; with nothing pending, nothing runs.
//
// The clock and timers are passed in (the browser's by default), so tests drive it in Node.

// draw(): draws one frame; returns true when a frame was drawn.
export function createFrameScheduler({
  draw,
  requestAnimationFrame: raf = (cb) => globalThis.requestAnimationFrame(cb),
  setTimeout: setTimer = (cb, ms) => globalThis.setTimeout(cb, ms),
  clearTimeout: clearTimer = (id) => globalThis.clearTimeout(id),
  now = () => globalThis.performance.now(),
}) {
  let rafPending = false;
  let timer = null;
  let timerDue = Infinity;
  let stopped = false;
  const stats = { framesDrawn: 0, frameRequests: 0 };

  function drawNow() {
    if (stopped) return false;
    const drawn = draw() === true;
    if (drawn) stats.framesDrawn++;
    return drawn;
  }

  function request() {
    stats.frameRequests++;
    if (rafPending || stopped) return;
    rafPending = true;
    raf(() => {
      rafPending = false;
      drawNow();
    });
  }

  // Spinners and timers redraw at their own pace; the earliest wish wins.
  function requestAfter(ms) {
    if (stopped) return;
    const delay = Math.max(0, Number(ms) || 0);
    const due = now() + delay;
    if (timer !== null && timerDue <= due) return;
    if (timer !== null) clearTimer(timer);
    timerDue = due;
    timer = setTimer(() => {
      timer = null;
      timerDue = Infinity;
      request();
    }, delay);
  }

  // After a crash: nothing more is drawn or scheduled.
  function stop() {
    stopped = true;
    if (timer !== null) clearTimer(timer);
    timer = null;
    timerDue = Infinity;
  }

  return { request, requestAfter, drawNow, stop, stats };
}
