// [SECTION] Frames on demand
//
// A frame is drawn only when input, a worker reply or an animation asks for one, so an idle tab
// (or three embeds on one blog page) costs no CPU. At most one animation frame and two timers
// are pending at any time; with nothing pending, nothing runs.
//
// A browser gives no animation frames to a page it does not show: an iframe scrolled out of view,
// a background tab. The app's work happens in frames (noticing PostgreSQL is ready, answering a
// parent page's request), so a frame asked for there is drawn from a timer once the animation
// frame is THROTTLED_AFTER_MS late. Only asked-for frames are drawn, so an idle page still costs
// nothing.
//
// The clock and timers are passed in (the browser's by default), so tests drive it in Node.

const THROTTLED_AFTER_MS = 250;

// draw(): draws one frame; returns true when a frame was drawn.
export function createFrameScheduler({
  draw,
  requestAnimationFrame: raf = (cb) => globalThis.requestAnimationFrame(cb),
  setTimeout: setTimer = (cb, ms) => globalThis.setTimeout(cb, ms),
  clearTimeout: clearTimer = (id) => globalThis.clearTimeout(id),
  now = () => globalThis.performance.now(),
}) {
  let rafPending = false;
  let frameToken = 0;      // which request the pending animation frame (and its stand-in) are for
  let standIn = null;      // the timer that draws when the animation frame does not come
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
    const mine = ++frameToken;
    const fire = () => {
      if (mine !== frameToken || !rafPending) return;   // drawn already, by the other one
      rafPending = false;
      if (standIn !== null) clearTimer(standIn);
      standIn = null;
      drawNow();
    };
    raf(fire);
    standIn = setTimer(fire, THROTTLED_AFTER_MS);
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
    if (standIn !== null) clearTimer(standIn);
    standIn = null;
    if (timer !== null) clearTimer(timer);
    timer = null;
    timerDue = Infinity;
  }

  return { request, requestAfter, drawNow, stop, stats };
}
