// pgplay's main-thread glue: everything between the browser page and the C++ app.
//
// The C++ (Dear ImGui, compiled to pgplay.wasm) draws the whole UI into one WebGL2 canvas. This
// file gives it what the browser has and Emscripten's defaults do not handle well:
//   - frames on demand: a frame is drawn only when input, a worker reply or an animation asks
//     for one, so an idle tab (or three embeds on one blog page) costs no CPU;
//   - keyboard, text, IME and clipboard through a hidden <textarea> that holds focus;
//   - pointer and wheel input in CSS pixels, and the canvas sized for devicePixelRatio;
//   - the PGlite database worker (db-worker.js), started early so PostgreSQL downloads while
//     the UI module does;
//   - window.playground and its postMessage twin for embedding pages.
//
// The C++ calls into this file through Module.pgplayHost (see src/platform/library_pgplay.js);
// this file calls the C++ through the exported Module._pgplay_* functions.
(() => {
  'use strict';

  // [SECTION] Page elements and shared state

  const canvas = document.getElementById('pgplay-canvas');
  const input = document.getElementById('pgplay-input');
  const boot = document.getElementById('pgplay-boot');
  if (!canvas || !input) {
    console.error('pgplay: the page lacks #pgplay-canvas or #pgplay-input');
    return;
  }

  let M = null;          // the Emscripten module once it has been instantiated
  let started = false;   // pgplay_start succeeded: the C++ app exists and frames may be drawn
  let crashed = false;   // the WebAssembly side aborted: nothing more is sent to it

  const inFrame = (() => {
    try {
      return window.parent !== window;
    } catch {
      return true;
    }
  })();

  // Timestamps (performance.now()) for benchmarks and browser tests.
  const timings = { moduleStart: null, uiStart: null, dbReady: null, firstResult: null };
  window.pgplayTimings = timings;

  function describe(err) {
    if (err && typeof err.message === 'string' && err.message) return err.message;
    try {
      return String(err);
    } catch {
      return 'unknown error';
    }
  }

  // [SECTION] URL parameters
  //
  // ?sql=<text> prefills the editor, &run=1 runs it, ?embed=1 gives the minimal chrome,
  // ?lesson=<id>&step=<n> opens a lesson step. A malformed parameter is skipped with a warning;
  // it never stops the page.

  const MAX_SQL_PARAM = 200000;   // characters; a longer URL is almost certainly a mistake

  function parseParams(search) {
    const out = {};
    const query = typeof search === 'string' ? search.replace(/^\?/, '') : '';
    for (const part of query.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const rawName = eq < 0 ? part : part.slice(0, eq);
      const rawValue = eq < 0 ? '' : part.slice(eq + 1);
      let name, value;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
        value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
      } catch {
        console.warn(`pgplay: ignoring the URL parameter "${rawName.slice(0, 40)}": malformed percent-encoding`);
        continue;
      }
      if (!(name in out)) out[name] = value;   // the first occurrence wins
    }
    return out;
  }

  const params = (() => {
    const raw = parseParams(window.location.search);
    const flag = (v) => v === '1' || v === 'true';
    let sql = typeof raw.sql === 'string' ? raw.sql : '';
    if (sql.length > MAX_SQL_PARAM) {
      console.warn(`pgplay: the sql parameter is longer than ${MAX_SQL_PARAM} characters; ignoring it`);
      sql = '';
    }
    let step = null;
    if (raw.step !== undefined) {
      const n = Number(raw.step);
      if (Number.isInteger(n) && n >= 1) step = n;
      else console.warn('pgplay: ignoring the step parameter: it must be a whole number from 1');
    }
    return {
      sql,
      run: flag(raw.run),
      embed: flag(raw.embed),
      lesson: typeof raw.lesson === 'string' && raw.lesson ? raw.lesson : null,
      step,
    };
  })();

  // [SECTION] Boot indicator and fatal errors

  function showBootMessage(title, detail, isError) {
    if (!boot) return;
    boot.hidden = false;
    boot.classList.toggle('error', !!isError);
    const titleEl = boot.querySelector('.title');
    const detailEl = boot.querySelector('.detail');
    if (titleEl) titleEl.textContent = title;
    if (detailEl) detailEl.textContent = detail || '';
  }

  function setBootDetail(text) {
    if (!boot || boot.hidden || boot.classList.contains('error')) return;
    const detailEl = boot.querySelector('.detail');
    if (detailEl) detailEl.textContent = text || '';
  }

  function hideBoot() {
    if (boot) boot.hidden = true;
  }

  // The WebAssembly side aborted (a C++ assertion, out of memory): say so instead of leaving a
  // frozen canvas, and stop calling into it.
  function fatal(err) {
    if (crashed) return;
    crashed = true;
    console.error('pgplay stopped:', err);
    showBootMessage('pgplay stopped because of an internal error',
                    'Reload the page to start again. (' + describe(err) + ')', true);
    failAllApi('pgplay stopped because of an internal error: ' + describe(err));
  }

  // Every call into WebAssembly goes through here: an abort becomes the message above, never an
  // uncaught exception in an event handler.
  function wasm(fn) {
    if (!M || crashed) return undefined;
    try {
      return fn(M);
    } catch (err) {
      fatal(err);
      return undefined;
    }
  }

  // [SECTION] Strings and bytes into the WebAssembly heap
  //
  // The C++ copies whatever it is given, so each buffer lives only for the duration of a call.

  function withCString(str, fn) {
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

  function withBytes(bytes, fn) {
    const ptr = M._malloc(Math.max(1, bytes.length));
    if (!ptr) throw new Error(`out of memory (${bytes.length} bytes)`);
    try {
      M.HEAPU8.set(bytes, ptr);   // HEAPU8 read after malloc: the heap may have grown
      return fn(ptr, bytes.length);
    } finally {
      M._free(ptr);
    }
  }

  // [SECTION] Frame scheduling
  //
  // At most one requestAnimationFrame and one timer are pending at any time; with nothing
  // pending, nothing runs.

  let rafPending = false;
  let frameTimer = null;
  let frameTimerDue = Infinity;
  let framesDrawn = 0;
  let frameRequests = 0;

  function drawFrame() {
    if (!started || crashed) return;
    wasm((m) => {
      m._pgplay_frame();
      framesDrawn++;
    });
  }

  function requestFrame() {
    frameRequests++;
    if (rafPending || crashed) return;
    rafPending = true;
    requestAnimationFrame(() => {
      rafPending = false;
      drawFrame();
    });
  }

  // Spinners and timers redraw at their own pace; the earliest wish wins.
  function requestFrameAfter(ms) {
    const delay = Math.max(0, Number(ms) || 0);
    const due = performance.now() + delay;
    if (frameTimer !== null && frameTimerDue <= due) return;
    if (frameTimer !== null) clearTimeout(frameTimer);
    frameTimerDue = due;
    frameTimer = setTimeout(() => {
      frameTimer = null;
      frameTimerDue = Infinity;
      requestFrame();
    }, delay);
  }

  window.pgplayDebug = Object.freeze({
    // Frames actually drawn: stays still while the page is idle.
    get requestFrameCount() { return framesDrawn; },
    get framesDrawn() { return framesDrawn; },
    get frameRequests() { return frameRequests; },
  });

  // [SECTION] Clipboard
  //
  // ImGui copies by calling setClipboard. The system clipboard is written two ways: the async
  // Clipboard API (may be refused without a user gesture or outside a secure context) and the
  // browser's own copy/cut event, which Ctrl/Cmd+C and +X reach because their keydown is not
  // cancelled. Chrome fires that event only when something is selected, so the copied text is
  // also put, selected, into the hidden textarea for the moment of the copy. freshCopy is text
  // ImGui copied that no copy event has delivered yet: a copy with nothing selected in the app
  // never puts stale text on the clipboard.

  let lastCopiedText = '';
  let freshCopy = null;
  let inClipboardKey = false;   // inside the keydown of Ctrl/Cmd+C or +X

  function selectInInput(text) {
    input.value = text;
    input.select();
  }

  function clearInput() {
    if (input.value !== '') input.value = '';
  }

  function setClipboard(text) {
    lastCopiedText = String(text ?? '');
    freshCopy = lastCopiedText;
    const copied = lastCopiedText;
    // Copies not made by a Ctrl/Cmd+C keystroke (a "Copy" button) when the Clipboard API is
    // refused: the old execCommand way, which needs the text selected in a focused field.
    const fallback = () => {
      if (inClipboardKey || freshCopy !== copied) return;   // the keystroke's copy event carries it
      try {
        focusInput();
        selectInInput(copied);
        document.execCommand('copy');   // fires 'copy', handled by onCopyOrCut
      } catch {
        /* nothing more to try */
      } finally {
        clearInput();
      }
    };
    try {
      if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
        navigator.clipboard.writeText(copied).then(() => {
          if (!inClipboardKey && freshCopy === copied) freshCopy = null;   // delivered
        }, fallback);
      } else {
        fallback();
      }
    } catch {
      fallback();
    }
  }

  function onCopyOrCut(e) {
    // Nothing fresh from ImGui: keep the browser's default (for the empty textarea, nothing).
    if (freshCopy === null || !e.clipboardData) return;
    e.clipboardData.setData('text/plain', freshCopy);
    e.preventDefault();
    freshCopy = null;
    clearInput();
  }

  // [SECTION] Database worker
  //
  // Started at once, in parallel with the UI module: PostgreSQL is the larger download. Events
  // that arrive before the C++ app exists are held and delivered when it starts. A message from
  // a worker that has been replaced (Stop restarts it) is dropped.

  let worker = null;
  let heldWorkerEvents = [];

  // The compiled PostgreSQL engine the first worker posts back (see db-worker.js).
  let engine = null;

  function startWorker() {
    let w;
    try {
      w = new Worker(new URL('db-worker.js', document.baseURI), { type: 'module' });
    } catch (err) {
      worker = null;
      deliverWorkerEvent({ type: 'failed', message: 'the database worker could not be created: ' + describe(err) });
      return;
    }
    worker = w;
    w.addEventListener('message', (e) => {
      if (w !== worker) return;
      if (e.data && e.data.type === 'engine') {
        engine = e.data;   // kept for restarts: no second download or compile after Stop
        return;
      }
      deliverWorkerEvent(e.data);
    });
    w.postMessage({ type: 'boot', engine });
    w.addEventListener('messageerror', () => {
      if (w === worker) console.warn('pgplay: a message from the database worker could not be read');
    });
    w.addEventListener('error', (e) => {
      if (w !== worker) return;
      if (typeof e.preventDefault === 'function') e.preventDefault();
      const why = e && e.message ? e.message : 'its script could not be loaded (are db-worker.js and vendor/pglite/ deployed?)';
      deliverWorkerEvent({ type: 'failed', message: 'the database worker failed to load: ' + why });
    });
  }

  function deliverWorkerEvent(msg) {
    if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
    if (!started) {
      if (msg.type === 'progress') {
        setBootDetail(msg.message);
        // Only the latest progress matters.
        heldWorkerEvents = heldWorkerEvents.filter((m) => m.type !== 'progress');
      }
      heldWorkerEvents.push(msg);
      return;
    }
    handleWorkerEvent(msg);
  }

  function handleWorkerEvent(msg) {
    switch (msg.type) {
      case 'progress': {
        const p = Math.max(0, Math.min(1, Number(msg.progress) || 0));
        wasm((m) => withCString(msg.message, (ptr) => m._pgplay_db_progress(p, ptr)));
        break;
      }
      case 'ready':
        if (timings.dbReady === null) timings.dbReady = performance.now();
        wasm((m) => withCString(msg.version, (ptr) => m._pgplay_db_ready(ptr)));
        break;
      case 'failed':
        console.warn('pgplay: PostgreSQL failed:', msg.message);
        wasm((m) => withCString(msg.message || 'unknown error', (ptr) => m._pgplay_db_failed(ptr)));
        break;
      case 'result':
        if (timings.firstResult === null) timings.firstResult = performance.now();
        deliverResult(msg);
        break;
      default:
        return;
    }
    requestFrame();
  }

  // Replies go to C++ packed as [u32 little-endian length][bytes]... in one buffer.
  function deliverResult(msg) {
    const replies = (Array.isArray(msg.replies) ? msg.replies : []).map((r) =>
      r instanceof Uint8Array ? r : new Uint8Array(r instanceof ArrayBuffer ? r : 0));
    let total = 0;
    for (const r of replies) total += 4 + r.length;
    const packed = new Uint8Array(total);
    const view = new DataView(packed.buffer);
    let at = 0;
    for (const r of replies) {
      view.setUint32(at, r.length, true);
      packed.set(r, at + 4);
      at += 4 + r.length;
    }
    const id = Number(msg.id);
    const ms = Number(msg.ms) || 0;
    wasm((m) => withBytes(packed, (ptr, len) =>
      m._pgplay_db_reply(id, ptr, len, replies.length, msg.changed ? 1 : 0, ms)));
  }

  function dbSend(requestId, batches) {
    if (!worker) {
      deliverWorkerEvent({ type: 'failed', message: 'the database worker is not running' });
      return;
    }
    // Each batch gets its own whole ArrayBuffer so it can be transferred, not copied again.
    const list = [];
    const transfer = [];
    for (const b of Array.isArray(batches) ? batches : []) {
      let bytes = b instanceof Uint8Array ? b : new Uint8Array(b);
      if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength || transfer.includes(bytes.buffer)) {
        bytes = bytes.slice();
      }
      list.push(bytes);
      transfer.push(bytes.buffer);
    }
    worker.postMessage({ type: 'run', id: requestId, batches: list }, transfer);
  }

  // PGlite runs on the worker's only thread: terminating the worker is the only way to stop a
  // runaway query. The C++ replays the learner's committed work once the new one is ready.
  function dbRestart() {
    const old = worker;
    worker = null;
    if (old) {
      try {
        old.terminate();
      } catch {
        /* already gone */
      }
    }
    startWorker();
  }

  // [SECTION] window.playground
  //
  // run(sql) goes through the same C++ path as the Run button and resolves with the C++ result
  // model ({ok, ms, results, error}); SQL errors are results, never rejections. Calls made
  // before the UI has started are queued.

  let nextApiId = 1;
  const pendingApi = new Map();   // apiId -> { resolve, reply: {target, origin, id} | null }
  let queuedApi = [];             // calls waiting for the UI to start
  let unavailable = null;         // why the app cannot answer (set when it cannot start)
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });

  function errorResult(sqlstate, message, detail, hint) {
    return {
      ok: false,
      ms: 0,
      results: [],
      error: { sqlstate, message, detail: detail || '', hint: hint || '', position: 0 },
    };
  }

  function canceledResult() {
    return errorResult('57014', 'canceling statement due to user request', 'The query was stopped before it started.');
  }

  function apiCall(kind, sql, reply) {
    const apiId = nextApiId++;
    return new Promise((resolve) => {
      pendingApi.set(apiId, { resolve, reply: reply || null });
      const call = { apiId, kind, sql: String(sql ?? '') };
      if (unavailable) settleApi(apiId, errorResult('XX000', unavailable));
      else if (!started) queuedApi.push(call);
      else dispatchApi(call);
    });
  }

  function dispatchApi({ apiId, kind, sql }) {
    if (kind === 'check') {
      // The Check button's path: grades the editor's SQL against the open lesson step.
      wasm((m) => m._pgplay_api_check(apiId));
      requestFrame();
      return;
    }
    const exportName = kind === 'explain' ? '_pgplay_api_explain' : '_pgplay_api_run';
    if (typeof M[exportName] !== 'function') {
      settleApi(apiId, errorResult('0A000', `window.playground.${kind} is not available in this build`));
      return;
    }
    // Bytes with a length, not a C string: SQL may contain a NUL character, which must reach
    // the C++ (and get its clear error) instead of silently cutting the script short.
    wasm((m) => withBytes(new TextEncoder().encode(String(sql ?? '')), (ptr, len) => m[exportName](apiId, ptr, len)));
    requestFrame();
  }

  function settleApi(apiId, result) {
    const entry = pendingApi.get(apiId);
    if (!entry) return;
    pendingApi.delete(apiId);
    entry.resolve(result);
    if (entry.reply) replyTo(entry.reply, { type: 'playground:result', id: entry.reply.id, result });
  }

  // The app cannot answer any more (it could not start, or it crashed): every call, waiting or
  // future, resolves with the reason, and the database worker stops downloading or running.
  function failAllApi(message) {
    unavailable = message;
    if (worker) {
      const w = worker;
      worker = null;
      try {
        w.terminate();
      } catch {
        /* already gone */
      }
    }
    queuedApi = [];
    for (const apiId of [...pendingApi.keys()]) settleApi(apiId, errorResult('XX000', message));
  }

  function apiResolve(apiId, jsonText) {
    let result;
    try {
      result = JSON.parse(jsonText);
    } catch (err) {
      result = errorResult('XX000', 'pgplay produced a result that is not valid JSON: ' + describe(err));
    }
    settleApi(Number(apiId), result);
  }

  function apiReady() {
    resolveReady();
    if (inFrame) postToParent({ type: 'playground:ready' });
  }

  function cancel() {
    // Calls not yet handed to C++ are answered here; the running one by C++ (57014).
    const waiting = queuedApi;
    queuedApi = [];
    for (const call of waiting) settleApi(call.apiId, canceledResult());
    if (started) wasm((m) => m._pgplay_api_cancel());
    requestFrame();
  }

  function lastResult() {
    if (!started) return null;
    const json = wasm((m) => m.UTF8ToString(m._pgplay_api_last_result()));
    try {
      return json === undefined ? null : JSON.parse(json);
    } catch {
      return null;
    }
  }

  function editorText() {
    if (!started) return params.sql;
    const text = wasm((m) => m.UTF8ToString(m._pgplay_api_editor_text()));
    return typeof text === 'string' ? text : '';
  }

  window.playground = Object.freeze({
    ready,
    run: (sql) => apiCall('run', sql),
    explain: (sql) => apiCall('explain', sql),
    cancel: () => { cancel(); },
    lastResult,
    editorText,
    // Lessons: check() grades the editor's SQL for the open step (resolves with the verdict:
    // {pass, feedback, checks, error}); lesson() tells which step is open and what is done.
    check: () => apiCall('check', ''),
    lesson: () => {
      const text = wasm((m) => m.UTF8ToString(m._pgplay_api_lesson_state()));
      return typeof text === 'string' ? JSON.parse(text) : null;
    },
  });

  // [SECTION] postMessage API
  //
  // A parent page (or any window holding a reference to this one) drives the same operations:
  //   {type:'playground:run', id, sql}      -> {type:'playground:result', id, result}
  //   {type:'playground:explain', id, sql}  -> {type:'playground:result', id, result}
  //   {type:'playground:lastResult', id}    -> {type:'playground:result', id, result}
  //   {type:'playground:editorText', id}    -> {type:'playground:result', id, result: text}
  //   {type:'playground:cancel'}
  // and hears {type:'playground:ready'} and {type:'playground:resize', height} from an embed.
  // Replies go to the sender, at its origin.

  // Messages this page sends: never treated as requests (a page that posts to itself would
  // otherwise answer its own replies forever).
  const OUTBOUND = new Set(['playground:result', 'playground:ready', 'playground:resize', 'playground:error']);

  function replyTo(reply, message) {
    if (!reply || !reply.target) return;
    try {
      reply.target.postMessage(message, reply.origin);
    } catch (err) {
      console.warn('pgplay: could not answer a postMessage request:', describe(err));
    }
  }

  function postToParent(message) {
    if (!inFrame) return;
    try {
      window.parent.postMessage(message, '*');   // carries no private data
    } catch {
      /* the parent is gone */
    }
  }

  function onMessage(event) {
    const data = event.data;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
    if (!data.type.startsWith('playground:') || OUTBOUND.has(data.type)) return;
    const origin = !event.origin || event.origin === 'null' ? '*' : event.origin;
    const reply = { target: event.source, origin, id: data.id };
    switch (data.type) {
      case 'playground:run':
      case 'playground:explain':
        if (typeof data.sql !== 'string') {
          console.warn(`pgplay: ignoring ${data.type} without a sql string`);
          return;
        }
        apiCall(data.type === 'playground:run' ? 'run' : 'explain', data.sql, reply);
        return;
      case 'playground:cancel':
        cancel();
        return;
      case 'playground:lastResult':
        replyTo(reply, { type: 'playground:result', id: data.id, result: lastResult() });
        return;
      case 'playground:editorText':
        replyTo(reply, { type: 'playground:result', id: data.id, result: editorText() });
        return;
      default:
        replyTo(reply, { type: 'playground:error', id: data.id, message: `unknown message type ${data.type}` });
    }
  }

  window.addEventListener('message', (event) => {
    try {
      onMessage(event);
    } catch (err) {
      console.warn('pgplay: ignoring a message:', describe(err));
    }
  });

  function postEmbedSize() {
    if (params.embed && inFrame) {
      postToParent({ type: 'playground:resize', height: document.documentElement.scrollHeight });
    }
  }

  // [SECTION] Canvas size and device pixel ratio
  //
  // The canvas's backing store is its CSS size times devicePixelRatio, so text is crisp on
  // high-DPI screens; the C++ gets CSS pixels plus the ratio. Browser zoom changes the ratio.

  let lastSize = { w: -1, h: -1, dpr: -1 };

  function measureCanvas() {
    const rect = canvas.getBoundingClientRect();
    return { w: rect.width, h: rect.height, dpr: window.devicePixelRatio || 1 };
  }

  function sizeBackingStore({ w, h, dpr }) {
    const pw = Math.max(1, Math.round(w * dpr));
    const ph = Math.max(1, Math.round(h * dpr));
    if (canvas.width !== pw) canvas.width = pw;
    if (canvas.height !== ph) canvas.height = ph;
  }

  function onResize() {
    if (!started || crashed) return;
    const size = measureCanvas();
    if (size.w === lastSize.w && size.h === lastSize.h && size.dpr === lastSize.dpr) return;
    lastSize = size;
    sizeBackingStore(size);
    wasm((m) => m._pgplay_resize(size.w, size.h, size.dpr));
    // Drawn now, not at the next animation frame: resizing cleared the canvas, and this runs
    // before the browser paints, so the learner never sees it blank.
    drawFrame();
    postEmbedSize();
  }

  let dprQuery = null;
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

  function watchSize() {
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(onResize).observe(canvas);
    }
    window.addEventListener('resize', onResize);
    watchDevicePixelRatio();
  }

  // [SECTION] Pointer and wheel
  //
  // Positions are CSS pixels relative to the canvas. Only the primary pointer counts (a second
  // finger must not teleport the mouse).

  const MOUSE_BUTTON = { 0: 0, 1: 2, 2: 1 };   // DOM: 0 left, 1 middle, 2 right -> ImGui order

  function focusInput() {
    if (document.activeElement === input) return;
    try {
      input.focus({ preventScroll: true });
    } catch {
      input.focus();
    }
  }

  function sendMousePos(e) {
    const rect = canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    wasm((m) => m._pgplay_input_mouse_pos(x, y));
  }

  canvas.addEventListener('pointermove', (e) => {
    if (!e.isPrimary || !started) return;
    sendMousePos(e);
    requestFrame();
  });

  canvas.addEventListener('pointerdown', (e) => {
    if (!e.isPrimary || !started) return;
    focusInput();
    try {
      canvas.setPointerCapture(e.pointerId);   // drags keep reporting outside the canvas
    } catch {
      /* not capturable (already released) */
    }
    sendMousePos(e);
    const button = MOUSE_BUTTON[e.button] ?? e.button;
    wasm((m) => m._pgplay_input_mouse_button(button, 1));
    requestFrame();
  });

  function pointerUp(e) {
    if (!e.isPrimary || !started) return;
    sendMousePos(e);
    const button = MOUSE_BUTTON[e.button] ?? e.button;
    wasm((m) => m._pgplay_input_mouse_button(button, 0));
    // A finger that lifts leaves no hovering cursor behind.
    if (e.pointerType === 'touch') wasm((m) => m._pgplay_input_mouse_leave());
    requestFrame();
  }
  canvas.addEventListener('pointerup', pointerUp);

  canvas.addEventListener('pointercancel', (e) => {
    if (!e.isPrimary || !started) return;
    for (const button of [0, 1, 2]) wasm((m) => m._pgplay_input_mouse_button(button, 0));
    wasm((m) => m._pgplay_input_mouse_leave());
    requestFrame();
  });

  canvas.addEventListener('pointerleave', (e) => {
    if (!e.isPrimary || !started || e.buttons !== 0) return;   // a drag continues outside
    wasm((m) => m._pgplay_input_mouse_leave());
    requestFrame();
  });

  // A mousedown on the (unfocusable) canvas would otherwise move focus off the textarea.
  canvas.addEventListener('mousedown', (e) => e.preventDefault());
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());

  // Wheel in ImGui units: one notch is about 1. Pixel deltas (most mice report ~100 per notch,
  // touchpads smaller steps), line deltas (Firefox: 3 lines per notch), page deltas.
  canvas.addEventListener('wheel', (e) => {
    if (e.ctrlKey) return;   // Ctrl+wheel and touchpad pinch: the browser's zoom, kept for readability
    e.preventDefault();
    if (!started) return;
    const scale = e.deltaMode === 1 ? 1 / 3 : e.deltaMode === 2 ? 3 : 1 / 100;
    const dx = -e.deltaX * scale;
    const dy = -e.deltaY * scale;   // positive: scroll up, as ImGui expects
    sendMousePos(e);
    wasm((m) => m._pgplay_input_wheel(dx, dy));
    requestFrame();
  }, { passive: false });

  // [SECTION] Keyboard, text and IME
  //
  // Listening on the textarea, not on window, means keys meant for the rest of an embedding
  // page are never taken. Keys go to C++ by KeyboardEvent.code (the physical key); text comes
  // separately from 'input' and 'compositionend' events, so IME, dead keys, emoji pickers and
  // phone keyboards all type correctly.

  // Keys whose browser default (move focus, scroll, navigate back, type a newline) would fight
  // the editor.
  const EDITING_KEYS = new Set([
    'Tab', 'Enter', 'Backspace', 'Delete', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown',
    'Home', 'End', 'PageUp', 'PageDown', 'Escape',
  ]);

  // Ctrl/Cmd combinations left to the browser: zoom (readability), reload, new/close tab or
  // window, the address bar, and tab switching.
  const BROWSER_COMBO_CODES = new Set([
    'Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0',
    'KeyR', 'KeyL', 'KeyT', 'KeyN', 'KeyW', 'KeyQ', 'Tab', 'PageUp', 'PageDown',
  ]);
  const BROWSER_COMBO_KEYS = new Set(['+', '=', '-', '0']);

  // Keys forwarded as down and not yet released, by e.code -> the code sent to C++.
  const heldKeys = new Map();

  // 'c', 'x' or 'v' when this Ctrl/Cmd combination is the browser's copy, cut or paste. The
  // browser picks the command by the layout's letter, falling back to the physical key on
  // non-Latin layouts; this does the same.
  function clipboardLetter(e) {
    const key = typeof e.key === 'string' && e.key.length === 1 ? e.key.toLowerCase() : '';
    if (key === 'c' || key === 'x' || key === 'v') return key;
    if (/^[a-z]$/.test(key)) return null;
    if (e.code === 'KeyC') return 'c';
    if (e.code === 'KeyX') return 'x';
    if (e.code === 'KeyV') return 'v';
    return null;
  }

  function modifiers(e) {
    // AltGr (Ctrl+Alt on Windows) types characters such as @ { € on many layouts; it must not
    // look like a Ctrl shortcut to ImGui, and its text arrives through the input event.
    const altGraph = typeof e.getModifierState === 'function' && e.getModifierState('AltGraph');
    return {
      altGraph,
      ctrl: e.ctrlKey && !altGraph,
      alt: e.altKey && !altGraph,
      shift: e.shiftKey,
      meta: e.metaKey,
    };
  }

  function sendKey(code, down, mods) {
    wasm((m) => withCString(code, (ptr) =>
      m._pgplay_input_key(ptr, down ? 1 : 0, mods.ctrl ? 1 : 0, mods.shift ? 1 : 0, mods.alt ? 1 : 0, mods.meta ? 1 : 0)));
  }

  function pressKey(code) {
    const none = { ctrl: false, shift: false, alt: false, meta: false };
    sendKey(code, true, none);
    sendKey(code, false, none);
    requestFrame();
  }

  function releaseHeldKeys(mods) {
    const none = mods || { ctrl: false, shift: false, alt: false, meta: false };
    for (const code of heldKeys.values()) sendKey(code, false, none);
    heldKeys.clear();
  }

  function onKeyDown(e) {
    if (!started || e.isComposing || e.keyCode === 229) return;   // the IME owns this key
    const mods = modifiers(e);
    const command = mods.ctrl || mods.meta;
    const clip = command && !mods.alt ? clipboardLetter(e) : null;

    // Paste: the browser fires 'paste' with the clipboard text, which presses Ctrl+V for ImGui
    // (pgplay_input_paste); forwarding the key as well would paste stale text first.
    if (clip === 'v') return;

    const code = clip ? 'Key' + clip.toUpperCase() : (e.code || '');
    heldKeys.set(e.code || code, code);
    sendKey(code, true, mods);

    if (clip) {
      // Copy/cut: ImGui must copy (calling setClipboard) before the browser's copy event, which
      // comes right after this handler returns. So draw now. A second frame covers the case of
      // a typed character queued just before, which ImGui's input trickling handles first.
      inClipboardKey = true;
      freshCopy = null;
      try {
        drawFrame();
        if (freshCopy === null) drawFrame();
      } finally {
        inClipboardKey = false;
      }
      if (freshCopy !== null) {
        selectInInput(freshCopy);
        setTimeout(clearInput, 0);   // the copy runs right after this handler, before any timer
      }
      requestFrame();
      return;   // not cancelled: the browser fires 'copy' / 'cut'
    }

    let prevent;
    if (mods.altGraph) prevent = false;
    else if (command) prevent = !(BROWSER_COMBO_CODES.has(e.code) || BROWSER_COMBO_KEYS.has(e.key));
    else prevent = EDITING_KEYS.has(e.key);
    if (prevent) e.preventDefault();
    requestFrame();
  }

  function onKeyUp(e) {
    if (!started) return;
    const mods = modifiers(e);
    const id = e.code || '';
    const code = heldKeys.has(id) ? heldKeys.get(id) : id;
    heldKeys.delete(id);
    sendKey(code, false, mods);
    // macOS sends no keyup for keys released while Cmd is held: release them with Cmd.
    if (id === 'MetaLeft' || id === 'MetaRight' || e.key === 'Meta') releaseHeldKeys(mods);
    requestFrame();
  }

  function sendText(text) {
    if (!text || !started) return;
    wasm((m) => withCString(text, (ptr) => m._pgplay_input_text(ptr)));
    requestFrame();
  }

  function onInput(e) {
    const type = e.inputType || '';
    // During composition the textarea holds the IME's draft; touching it would cancel it.
    if (e.isComposing || type === 'insertCompositionText') return;
    if (type === 'insertLineBreak' || type === 'insertParagraph') {
      pressKey('Enter');   // a phone keyboard's Enter (a physical one is handled as a key)
    } else if (type === 'deleteContentBackward') {
      pressKey('Backspace');   // a phone keyboard's backspace arrives only as an input event
    } else if (type === 'deleteContentForward') {
      pressKey('Delete');
    } else if (e.data) {
      sendText(e.data);
    } else if (type === 'insertReplacementText' && e.dataTransfer) {
      sendText(e.dataTransfer.getData('text/plain'));
    }
    input.value = '';
  }

  function onCompositionEnd(e) {
    if (e.data) sendText(e.data);
    input.value = '';
  }

  function onPaste(e) {
    e.preventDefault();
    if (!started) return;
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (!text) return;
    const normalized = text.replace(/\r\n?/g, '\n');   // Windows line ends
    wasm((m) => withCString(normalized, (ptr) => m._pgplay_input_paste(ptr)));
    requestFrame();
  }

  function guarded(fn) {
    return (e) => {
      try {
        fn(e);
      } catch (err) {
        console.warn('pgplay: input handler failed:', describe(err));
      }
    };
  }

  input.addEventListener('keydown', guarded(onKeyDown));
  input.addEventListener('keyup', guarded(onKeyUp));
  input.addEventListener('input', guarded(onInput));
  input.addEventListener('compositionend', guarded(onCompositionEnd));
  input.addEventListener('paste', guarded(onPaste));
  // On the document: execCommand('copy') fires at whatever has focus; onCopyOrCut only acts on
  // text ImGui has just copied.
  document.addEventListener('copy', guarded(onCopyOrCut));
  document.addEventListener('cut', guarded(onCopyOrCut));
  input.addEventListener('focus', guarded(() => {
    if (!started) return;
    wasm((m) => m._pgplay_input_focus(1));
    requestFrame();
  }));
  input.addEventListener('blur', guarded(() => {
    if (!started) return;
    releaseHeldKeys();   // keys released while focus was elsewhere would otherwise stick
    wasm((m) => m._pgplay_input_focus(0));
    requestFrame();
  }));

  // Places the hidden textarea at the text caret (CSS px, canvas-relative), so an IME's
  // candidate window opens next to what is being typed. The C++ may call it when it tracks the
  // caret; without it the window opens at the top-left corner.
  function setInputPosition(x, y, lineHeight) {
    const rect = canvas.getBoundingClientRect();
    input.style.left = `${Math.round(rect.left + (Number(x) || 0))}px`;
    input.style.top = `${Math.round(rect.top + (Number(y) || 0))}px`;
    if (Number(lineHeight) > 0) input.style.height = `${Math.round(lineHeight)}px`;
  }

  // [SECTION] Host object
  //
  // What src/platform/library_pgplay.js forwards to. It is part of the module config, so it is
  // Module.pgplayHost before any C++ runs.

  const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent || '');

  let currentCursor = '';
  const pgplayHost = {
    requestFrame,
    requestFrameAfter,
    setClipboard,
    isMac,
    setCursor(css) {
      const value = String(css || 'default');
      if (value !== currentCursor) {
        currentCursor = value;
        canvas.style.cursor = value;
      }
    },
    dbSend,
    dbRestart,
    apiResolve,
    apiReady,
    setInputPosition,
    saveProgress,
    exportProgress,
    importProgress,
    requestFallbackFonts,
    get lastCopiedText() { return lastCopiedText; },
  };

  // [SECTION] Fallback fonts
  //
  // CJK, symbols and emoji live in two large fonts (several MB) fetched only when the app meets
  // text that needs them; the C++ then rebuilds its atlas with just those characters.
  async function requestFallbackFonts() {
    const files = await Promise.all([fetchFont('fonts/fallback-cjk.ttf'), fetchFont('fonts/fallback-symbols.ttf')]);
    files.forEach((bytes, i) => {
      if (bytes && bytes.length) wasm((m) => withBytes(bytes, (ptr, len) => m._pgplay_set_font(2 + i, ptr, len)));
    });
    wasm((m) => m._pgplay_fallback_fonts_arrived());
    requestFrame();
  }

  // [SECTION] Lessons and progress
  //
  // Lesson files are static files (build/web/lessons/, listed in lessons/index.json), parsed by
  // the C++ core. Progress lives in localStorage, and in a file when the learner exports it.

  const PROGRESS_KEY = 'pgplay.progress.v1';

  async function fetchLessons() {
    try {
      const index = await fetch('lessons/index.json').then((r) => (r.ok ? r.json() : []));
      const names = Array.isArray(index) ? index.filter((n) => typeof n === 'string' && /^[\w.-]+\.md$/.test(n)) : [];
      return await Promise.all(names.map(async (name) => {
        const r = await fetch('lessons/' + name);
        return { name, text: r.ok ? await r.text() : '' };
      }));
    } catch (err) {
      console.warn('pgplay: lessons could not be loaded:', describe(err));
      return [];
    }
  }

  function readSavedProgress() {
    try {
      return window.localStorage.getItem(PROGRESS_KEY) || '';
    } catch {
      return '';   // storage blocked (a sandboxed embed, strict privacy settings): start fresh
    }
  }

  function saveProgress(json) {
    try {
      window.localStorage.setItem(PROGRESS_KEY, json);
    } catch (err) {
      console.warn('pgplay: progress could not be saved in this browser:', describe(err));
    }
  }

  function exportProgress(json) {
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'pgplay-progress.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function importProgress() {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.addEventListener('change', async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      // A progress file is small; anything huge is not one (the C++ says so for odd content).
      const text = file.size > 50 * 1024 * 1024 ? '' : await file.text();
      wasm((m) => withBytes(new TextEncoder().encode(text), (ptr, len) => m._pgplay_import_progress(ptr, len)));
      requestFrame();
      focusInput();
    });
    input.click();
  }

  function handOverLessons(files) {
    const encoder = new TextEncoder();
    wasm((m) => withBytes(encoder.encode(readSavedProgress()), (ptr, len) => m._pgplay_load_progress(ptr, len)));
    if (params.lesson) {
      wasm((m) => withCString(params.lesson, (ptr) => m._pgplay_open_lesson(ptr, params.step || 1)));
    }
    for (const { name, text } of files) {
      wasm((m) => withCString('lessons/' + name, (namePtr) =>
        withBytes(encoder.encode(text), (ptr, len) => m._pgplay_add_lesson(namePtr, ptr, len))));
    }
    wasm((m) => m._pgplay_lessons_loaded());
    requestFrame();
  }

  // [SECTION] Start
  //
  // The UI module, the fonts and the database worker load in parallel. The UI starts when the
  // module and fonts are there; the database catches up on its own and the UI shows its progress.

  async function fetchFont(url) {
    try {
      const response = await fetch(url);
      if (!response.ok) return null;
      return new Uint8Array(await response.arrayBuffer());
    } catch {
      return null;   // ImGui's built-in font keeps the UI usable
    }
  }

  function startUi() {
    const size = measureCanvas();
    sizeBackingStore(size);
    lastSize = size;
    const flags = (params.embed ? 1 : 0) | (params.run && params.sql ? 2 : 0);
    started = true;   // the frames pgplay_start requests run after it returns
    let rc;
    try {
      rc = withCString('#pgplay-canvas', (selector) => withCString(params.sql, (sql) =>
        M._pgplay_start(selector, size.w, size.h, size.dpr, sql, flags)));
    } catch (err) {
      started = false;
      fatal(err);
      return false;
    }
    if (rc !== 0) {
      started = false;
      showBootMessage('WebGL2 is not available in this browser',
        'pgplay draws its interface with WebGL2. Try a current version of Firefox, Chrome, Edge ' +
        'or Safari, and check that hardware acceleration is turned on.', true);
      failAllApi('WebGL2 is not available in this browser');
      return false;
    }
    return true;
  }

  async function main() {
    startWorker();
    const fontsLoaded = Promise.all([fetchFont('fonts/ui.ttf'), fetchFont('fonts/mono.ttf')]);
    const lessonsLoaded = fetchLessons();

    if (typeof createPgplayModule !== 'function') {
      showBootMessage('pgplay could not load', 'The file pgplay.js is missing or failed to load. Reload the page to try again.', true);
      failAllApi('pgplay could not load');
      return;
    }
    try {
      M = await createPgplayModule({
        pgplayHost,
        canvas,
        print: (text) => console.log(text),
        printErr: (text) => console.warn(text),
        locateFile: (path, prefix) => prefix + path,
        onAbort: (what) => fatal(what),
      });
    } catch (err) {
      showBootMessage('pgplay could not load',
        'Its WebAssembly module failed to load: ' + describe(err) + '. Reload the page to try again.', true);
      failAllApi('pgplay could not load: ' + describe(err));
      return;
    }
    timings.moduleStart = performance.now();

    const fonts = await fontsLoaded;
    fonts.forEach((bytes, which) => {
      if (bytes && bytes.length) wasm((m) => withBytes(bytes, (ptr, len) => m._pgplay_set_font(which, ptr, len)));
    });
    if (crashed || !startUi()) return;
    timings.uiStart = performance.now();

    // What happened while the UI was loading.
    const held = heldWorkerEvents;
    heldWorkerEvents = [];
    for (const msg of held) handleWorkerEvent(msg);
    const calls = queuedApi;
    queuedApi = [];
    for (const call of calls) dispatchApi(call);

    lessonsLoaded.then(handOverLessons);   // never holds up the first frame

    hideBoot();
    watchSize();
    // A learner on the page can type at once; an embed must not take focus from the page
    // around it (the blog's reader may be scrolling or typing elsewhere).
    if (!inFrame) focusInput();
    postEmbedSize();
    requestFrame();
  }

  main().catch((err) => fatal(err));
})();
