// [SECTION] Offline and updates: the page's side of the service worker (sw.js)
//
// The worker is registered once the app is up, so its install (which fetches the deploy's files
// into a cache, mostly as cheap revalidations) never competes with a first visit's downloads.
// From then on the site loads and runs offline.
//
// A deploy installed while a page was open waits. The next time pgplay starts, with no other
// pgplay tab open, it is asked to take over before anything else loads, and the page reloads
// once, all of it from the new deploy; a short notice says pgplay was updated. With other tabs
// open the old deploy goes on serving them all, whole, until the next start.

const BUILD_KEY = 'pgplay.build';

function supported() {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && window.isSecureContext;
}

// True when the page is about to reload into a new deploy (the caller stops starting up).
export async function takeOverWaitingUpdate() {
  if (!supported() || !navigator.serviceWorker.controller) return false;
  let registration;
  try {
    registration = await navigator.serviceWorker.getRegistration();
  } catch {
    return false;
  }
  const waiting = registration && registration.waiting;
  if (!waiting || (await otherPgplayWindows())) return false;
  const switched = new Promise((resolve) => {
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true });
    setTimeout(() => resolve(false), 3000);
  });
  waiting.postMessage({ type: 'pgplay:take-over' });
  if (!(await switched)) return false;   // it did not take over: carry on with the deploy we have
  window.location.reload();
  return true;
}

// Other pgplay tabs or frames: each holds PAGE_LOCK (shared) once it has started, and this one
// has not taken it yet.
const PAGE_LOCK = 'pgplay-page';

async function otherPgplayWindows() {
  if (!navigator.locks || !navigator.locks.query) return false;
  try {
    const { held } = await navigator.locks.query();
    return held.some((lock) => lock.name === PAGE_LOCK);
  } catch {
    return false;
  }
}

function holdPageLock() {
  if (!navigator.locks) return;
  navigator.locks.request(PAGE_LOCK, { mode: 'shared' }, () => new Promise(() => {})).catch(() => {});
}

// After start-up: registers the worker, and says so when this start runs a new deploy.
export function startOffline({ showNotice }) {
  if (!supported()) return;
  holdPageLock();
  navigator.serviceWorker.register('sw.js').catch((err) => {
    console.warn('pgplay: offline use is not available:', err && err.message ? err.message : err);
  });
  announceUpdate(showNotice);
}

async function announceUpdate(showNotice) {
  const worker = navigator.serviceWorker.controller;
  if (!worker) return;
  const build = await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(e.data && typeof e.data.build === 'string' ? e.data.build : null);
    worker.postMessage({ type: 'pgplay:build' }, [channel.port2]);
    setTimeout(() => resolve(null), 2000);
  });
  if (!build) return;
  let previous = null;
  try {
    previous = window.localStorage.getItem(BUILD_KEY);
    window.localStorage.setItem(BUILD_KEY, build);
  } catch {
    return;   // storage blocked: nothing to compare with
  }
  if (previous && previous !== build) {
    showNotice('pgplay was updated. Your database and your progress are as you left them.');
  }
}
