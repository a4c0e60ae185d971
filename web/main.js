// pgplay's start-up: everything between the browser page and the C++ app, wired together.
//
// The C++ (Dear ImGui, compiled to pgplay.wasm) draws the whole UI into one WebGL2 canvas. The
// modules beside this one give it what the browser has and Emscripten's defaults do not handle
// well, one concern each:
//   frames.js       frames on demand: an idle tab (or three embeds on one page) costs no CPU
//   keyboard.js     keys, text, IME through a hidden <textarea> that holds focus (keymap.js
//                   decides what each key means; clipboard.js, hidden-input.js)
//   pointer.js      pointer and wheel in CSS pixels, touch taps, scrolls and pinches;
//                   canvas-size.js: devicePixelRatio; text-zoom.js: the pinched text size
//   db-bridge.js    the PGlite worker (db-worker.js), started early so PostgreSQL downloads
//                   while the UI module does (db-store.js keeps the learner's sandbox in the
//                   browser); packing.js for batches to and from C++
//   api.js          window.playground and its postMessage twin for embedding pages
//   a11y.js         the app's words in the DOM (screen readers, find-in-page) and its main
//                   actions as buttons
//   storage.js      lesson progress; lessons.js the lesson files; fonts.js the fonts
//   near-viewport.js  when an embed comes near the reader's view (its PostgreSQL starts then)
//   sandbox-files.js  the sandbox as a file: download, open, reset (files.js saves and picks)
//   offline.js      the service worker (sw.js): offline use, and new deploys taken over whole
//   appearance.js   light or dark, reduced motion, as the reader's system says
//   params.js       URL parameters; exercise.js an embed's own setup or lesson file; share.js
//                   share links (?s=);
//                   boot-screen.js the loading and error screen
//   runtime.js      the WebAssembly module's state and the guard around every call into it;
//                   heap.js strings and bytes into its heap
//
// State is shared through the objects created here and passed in, never module globals. The
// C++ calls the page through Module.pgplayHost (the `host` object below; see
// src/platform/library_pgplay.js); the page calls the C++ through its exported Module._pgplay_*.

import { createAccessibleLayer } from './a11y.js';
import { createApi } from './api.js';
import { readAppearance, watchAppearance } from './appearance.js';
import { assetUrl } from './assets.js';
import { createBootScreen } from './boot-screen.js';
import { createCanvasSizer } from './canvas-size.js';
import { createClipboard } from './clipboard.js';
import { createDbBridge, createEngineShare } from './db-bridge.js';
import { loadExercise, setupInEditor } from './exercise.js';
import { fetchUiFonts, handOverFonts, loadFallbackFonts } from './fonts.js';
import { createFrameScheduler } from './frames.js';
import { withCString, withUtf8 } from './heap.js';
import { createHiddenInput } from './hidden-input.js';
import { attachKeyboard } from './keyboard.js';
import { fetchLessons, fetchRaces, handOverLessons, handOverRaces } from './lessons.js';
import { whenNearViewport } from './near-viewport.js';
import { startOffline, takeOverWaitingUpdate } from './offline.js';
import { mergeShared, readParams } from './params.js';
import { attachPointer, createCursor } from './pointer.js';
import { createRuntime, describeError } from './runtime.js';
import { createSandboxFiles } from './sandbox-files.js';
import { createScriptStore } from './scripts-store.js';
import { createTextZoom } from './text-zoom.js';
import { decodeShare, encodeShare, shareUrl } from './share.js';
import { createProgressStore } from './storage.js';

// Where the learner's sandbox is stored (PGlite's OPFS mirror, see db-store.js). Renaming it
// starts every learner afresh.
const SANDBOX_STORE = 'pgplay-sandbox';

// pgplay_start's answers besides 0 (see src/platform/web_main.cpp).
const START_NO_WEBGL2 = 1;
const START_NO_SHADERS = 2;

function isInFrame() {
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
}

// Event handlers never throw into the browser: a failure is a warning, the page keeps going.
function guard(fn) {
  return (e) => {
    try {
      fn(e);
    } catch (err) {
      console.warn('pgplay: input handler failed:', describeError(err));
    }
  };
}

function boot() {
  const canvas = document.getElementById('pgplay-canvas');
  const textarea = document.getElementById('pgplay-input');
  if (!canvas || !textarea) {
    console.error('pgplay: the page lacks #pgplay-canvas or #pgplay-input');
    return;
  }
  const inFrame = isInFrame();
  // What the URL asks for; a share link's contents are merged in once decoded (main()).
  const params = readParams(window.location.search, console.warn, window.location.href);

  // [SECTION] Shared objects

  // Timestamps (performance.now()) for benchmarks and browser tests.
  const timings = { moduleStart: null, uiStart: null, dbReady: null, firstResult: null };
  window.pgplayTimings = timings;

  const bootScreen = createBootScreen(document.getElementById('pgplay-boot'));
  const runtime = createRuntime({ onCrash: crash });
  // How long the last frames took on this thread (ImGui and the WebGL calls that draw them), for
  // scripts/bench-plan-view.mjs: a fixed ring, so keeping it costs nothing that grows.
  const frameMs = new Float64Array(256);
  let frameMsCount = 0;
  const frames = createFrameScheduler({
    draw: () => {
      const t0 = performance.now();
      const drawn = runtime.callApp((m) => {
        m._pgplay_frame();
        return true;
      }) === true;
      if (drawn) frameMs[frameMsCount++ % frameMs.length] = performance.now() - t0;
      return drawn;
    },
  });
  const zoom = createTextZoom();
  const hiddenInput = createHiddenInput(textarea, canvas, zoom);
  const clipboard = createClipboard(hiddenInput);
  const api = createApi({ runtime, frames, params, inFrame, sandboxFiles: () => sandboxFiles, wake: () => startDatabase(),
    makeShareLink: (payload) => makeShareLink(payload) });
  // The learner's sandbox is stored in this browser; an embed's is its own, in memory, so embeds
  // never share or clobber state, and a blog page never opens the learner's database.
  const engines = createEngineShare();
  const db = createDbBridge({ runtime, frames, timings, engines, onProgressBeforeStart: (text) => bootScreen.setDetail(text),
    storeAs: params.embed ? null : SANDBOX_STORE });
  // The race scenarios' and the lessons' own PostgreSQL (channels 1 and 2, see
  // src/platform/worker_transport.h): never the learner's sandbox, each started on first use.
  const sideDb = (channel) => createDbBridge({ runtime, frames, timings: { dbReady: 0, firstResult: 0 }, engines,
    onProgressBeforeStart: () => {}, channel });
  const bridges = [db, sideDb(1), sideDb(2)];
  const dbFor = (channel) => bridges[channel] || db;
  const progress = createProgressStore({ runtime, frames, hiddenInput });
  const scripts = createScriptStore({ runtime, frames, hiddenInput, showNotice });
  const sandboxFiles = createSandboxFiles({ runtime, frames, hiddenInput, bridge: db });
  const sizer = createCanvasSizer({ canvas, runtime, frames, zoom });
  zoom.onChange(() => sizer.refresh());

  // The learner's PostgreSQL starts at once, beside the UI. An embed's starts when the reader
  // is about to see it, touches it, or its page asks it something (api.js wakes it): three
  // embeds on one long post do not download and start three PostgreSQLs before anyone looks.
  let databaseStarted = false;
  // A race embed's own database (channel 1), asked for as soon as its scenario opens, waits for
  // the same moment: an embed below the fold starts no PostgreSQL at all.
  const sideStartsWaiting = new Set();
  function startSide(channel) {
    if (!dbFor(channel).started) dbFor(channel).start();
  }
  function startDatabase() {
    if (databaseStarted) return;
    databaseStarted = true;
    db.start();
    for (const channel of sideStartsWaiting) startSide(channel);
    sideStartsWaiting.clear();
  }
  function startDatabaseWhenWanted() {
    if (!(params.embed && inFrame)) {
      startDatabase();
      return;
    }
    const why = 'PostgreSQL starts when this exercise comes into view, or when you click it';
    db.showWaiting(why);
    api.postWaiting(why);
    whenNearViewport(canvas).then(startDatabase);
    canvas.addEventListener('pointerdown', startDatabase, { once: true });
    textarea.addEventListener('focus', startDatabase, { once: true });
  }

  window.pgplayDebug = Object.freeze({
    // Frames actually drawn: stays still while the page is idle.
    get framesDrawn() { return frames.stats.framesDrawn; },
    get frameRequests() { return frames.stats.frameRequests; },
    // The durations (ms) of the last frames drawn, at most 256, oldest first.
    recentFrameMs() {
      const n = Math.min(frameMsCount, frameMs.length);
      return Array.from({ length: n }, (_, i) => frameMs[(frameMsCount - n + i) % frameMs.length]);
    },
  });

  const a11y = createAccessibleLayer({
    elements: {
      lesson: document.getElementById('pgplay-a11y-lesson'),
      result: document.getElementById('pgplay-a11y-result'),
      verdict: document.getElementById('pgplay-a11y-verdict'),
      database: document.getElementById('pgplay-a11y-database'),
      actions: document.getElementById('pgplay-actions'),
    },
    act: (name) => runtime.callApp((m) => withCString(m, name, (ptr) => m._pgplay_action(ptr))) === 1,
    share: () => {
      const payload = runtime.callApp((m) => m.UTF8ToString(m._pgplay_api_share_payload()));
      if (typeof payload === 'string') shareFromApp(payload, params.embed);
    },
    focusEditor: () => hiddenInput.focus(),
  });

  api.install();
  attachPointer({ canvas, hiddenInput, runtime, frames, zoom });
  attachKeyboard({ hiddenInput, runtime, frames, clipboard, guard });

  // [SECTION] Host object
  //
  // What src/platform/library_pgplay.js forwards to. It is part of the module config, so it is
  // Module.pgplayHost before any C++ runs.
  const host = {
    requestFrame: () => frames.request(),
    requestFrameAfter: (ms) => frames.requestAfter(ms),
    requestDrain: () => queueMicrotask(() => runtime.callApp((m) => m._pgplay_drain_databases())),
    setClipboard: (text) => clipboard.set(text),
    isMac: /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent || ''),
    setCursor: createCursor(canvas),
    setTextInputPosition: (x, y, lineHeight) => hiddenInput.placeAt(x, y, lineHeight),
    dbStart: (channel) => {
      if (!databaseStarted && params.embed && inFrame) sideStartsWaiting.add(channel);
      else startSide(channel);
    },
    dbSend: (channel, requestId, packed, count) => dbFor(channel).send(requestId, packed, count),
    dbRestart: (channel) => dbFor(channel).restart(),
    // Only the sandbox is ever replaced (the Database menu).
    dbPgDump: (channel, requestId, args) => dbFor(channel).pgDump(requestId, args),
    dbReplace: (channel, contents) => { if (channel === 0) sandboxFiles.replace(contents); },
    sandboxDownload: () => { sandboxFiles.download(); },
    sandboxPickFile: () => sandboxFiles.pick(),
    apiResolve: (apiId, json) => api.resolve(apiId, json),
    apiReady: () => api.markReady(),
    embedHeight: (height) => api.postEmbedSize(Math.round(height * zoom.value)),
    accessibleText: (json) => a11y.update(json),
    share: (payloadJson, openFullSize) => { shareFromApp(payloadJson, openFullSize); },
    saveProgress: (json) => progress.save(json),
    scriptsChanged: () => scripts.changed(),
    downloadScript: (name, text) => scripts.download(name, text),
    pickScriptFile: () => scripts.pick(),
    exportProgress: (json) => progress.exportToFile(json),
    importProgress: () => progress.importFromFile(),
    requestFallbackFonts: () => { loadFallbackFonts(runtime, frames); },
  };

  // [SECTION] Share links
  //
  // The app says what a link should reproduce; share.js makes it. An embed's "Open full size"
  // adds the embed's own setup or file, and opens the link in a new tab (the full-size app never
  // runs a link's setup by itself, see exercise.js).

  async function makeShareLink(payload) {
    const { value, problem } = await encodeShare(payload);
    return problem ? { problem } : { url: shareUrl(window.location.href, value) };
  }

  function payloadFromApp(payloadJson) {
    try {
      const payload = JSON.parse(payloadJson);
      return payload && typeof payload === 'object' ? payload : {};
    } catch {
      return {};
    }
  }

  async function shareFromApp(payloadJson, openFullSize) {
    const payload = payloadFromApp(payloadJson);
    if (openFullSize) {
      if (params.setup) payload.setup = params.setup;
      if (params.file) payload.file = params.file.path;
      const link = await makeShareLink(payload);
      if (link.url) window.open(link.url, '_blank', 'noopener');
      else showShareLink(link.url, link.problem, false);   // said inside the embed
      return;
    }
    const link = await makeShareLink(payload);
    let copied = false;
    if (link.url) copied = await clipboard.copyText(link.url);
    showShareLink(link.url, link.problem, copied);
  }

  function showShareLink(url, problem, copied) {
    runtime.call((m) => withCString(m, url || '', (u) => withCString(m, problem || '',
      (p) => m._pgplay_share_ready(u, p, copied ? 1 : 0))));
    frames.request();
  }

  // [SECTION] When pgplay cannot run
  //
  // Said on the page, to window.playground (ready rejects, calls resolve with the reason) and
  // to an embedding parent; the database worker stops downloading or running.

  function cannotRun(title, detail, reason) {
    databaseStarted = true;   // never (re)started from now on
    bootScreen.showError(title, detail);
    for (const bridge of bridges) bridge.stop();
    api.fail(reason);
  }

  // The WebAssembly side aborted (a C++ assertion, out of memory): say so instead of leaving a
  // frozen canvas, and stop calling into it.
  function crash(err) {
    console.error('pgplay stopped:', err);
    frames.stop();
    cannotRun('pgplay stopped because of an internal error',
      'Reload the page to start again. (' + describeError(err) + ')',
      'pgplay stopped because of an internal error: ' + describeError(err));
  }

  // [SECTION] Start
  //
  // The UI module, the fonts and the database worker load in parallel. The UI starts when the
  // module and fonts are there; the database catches up on its own and the UI shows its progress.

  function startUi(exercise) {
    const M = runtime.module;
    const size = sizer.initial();
    // An embed runs its setup on its own database; the full-size app shows it in the editor.
    const editorSql = params.embed ? params.sql : setupInEditor(exercise.setup, params.sql);
    const setup = params.embed ? exercise.setup : '';
    // &run=1 runs the query; in the full-size app, never a link's setup with it.
    const runAtStart = params.run && params.sql && (params.embed || !exercise.setup.trim());
    const look = readAppearance();
    const flags = (params.embed ? 1 : 0) | (runAtStart ? 2 : 0) | (look.light ? 4 : 0) | (look.reducedMotion ? 8 : 0);
    runtime.started = true;   // the frames pgplay_start requests run after it returns
    let rc;
    try {
      rc = withCString(M, '#pgplay-canvas', (selector) => withCString(M, editorSql, (sql) => withCString(M, setup,
        (setupPtr) => M._pgplay_start(selector, size.w, size.h, size.dpr, sql, flags, setupPtr))));
    } catch (err) {
      runtime.started = false;
      runtime.crash(err);
      return false;
    }
    if (rc === 0) return true;
    runtime.started = false;
    if (rc === START_NO_SHADERS) {
      cannotRun('pgplay could not set up its drawing',
        'The browser did not accept pgplay\'s WebGL2 shader program. Reload the page, or try another browser.',
        'pgplay could not start: the browser did not accept its WebGL2 shader program');
    } else {
      cannotRun('WebGL2 is not available in this browser',
        'pgplay draws its interface with WebGL2. Try a current version of Firefox, Chrome, Edge ' +
        'or Safari, and check that hardware acceleration is turned on.',
        'pgplay could not start: WebGL2 is not available in this browser');
    }
    return false;
  }

  async function main() {
    // A new deploy waiting in the service worker takes over before anything loads (the page
    // then reloads into it). window.playground is in place already, as on every start.
    if (await takeOverWaitingUpdate().catch(() => false)) return;
    startDatabaseWhenWanted();
    const fontsLoaded = fetchUiFonts();
    const lessonsLoaded = fetchLessons();
    const racesLoaded = fetchRaces();
    // A share link's contents, then the file it or the URL names (both before the UI starts:
    // they decide the editor's first text).
    const exerciseLoaded = decodeShare(params.share).then(({ payload, problem }) => {
      if (payload) Object.assign(params, mergeShared(params, payload, window.location.href));
      return loadExercise(params).then((exercise) => (problem && !exercise.problem ? { ...exercise, problem: { message: problem, hint: '' } } : exercise));
    });

    if (typeof globalThis.createPgplayModule !== 'function') {
      cannotRun('pgplay could not load', 'The file pgplay.js is missing or failed to load. Reload the page to try again.',
        'pgplay could not load: the file pgplay.js is missing or failed to load');
      return;
    }
    try {
      runtime.module = await globalThis.createPgplayModule({
        pgplayHost: host,
        canvas,
        print: (text) => console.log(text),
        printErr: (text) => console.warn(text),
        // pgplay.wasm, wherever the build put it (assets.js): relative to the page, not to pgplay.js.
        locateFile: (path) => new URL(assetUrl(path), document.baseURI).href,
        // Before the module exists, an abort also rejects createPgplayModule (handled below).
        onAbort: (what) => { if (runtime.module) runtime.crash(what); },
      });
    } catch (err) {
      cannotRun('pgplay could not load',
        'Its WebAssembly module failed to load: ' + describeError(err) + '. Reload the page to try again.',
        'pgplay could not load its WebAssembly module: ' + describeError(err));
      return;
    }
    timings.moduleStart = performance.now();

    handOverFonts(runtime, await fontsLoaded, 0);
    const exercise = await exerciseLoaded;
    if (runtime.crashed || !startUi(exercise)) return;
    timings.uiStart = performance.now();
    if (!params.embed) {
      // The learner's scripts, before the first frame shows the editor. SQL in the URL that
      // came with a lesson step belongs to the step, not to a script.
      const forLesson = params.lesson || exercise.lessonFile ? 1 : 0;
      runtime.call((m) => withUtf8(m, scripts.read(), (ptr, len) => m._pgplay_load_scripts(ptr, len, forLesson)));
      scripts.acceptDrops(document);
    }
    if (exercise.problem) {
      const { message, hint } = exercise.problem;
      runtime.call((m) => withCString(m, message, (msg) => withCString(m, hint, (h) => m._pgplay_start_problem(msg, h))));
    }

    // What happened while the UI was loading.
    db.releaseHeld();
    api.releaseQueued();

    lessonsLoaded.then((files) => {   // never holds up the first frame
      handOverLessons({ runtime, files, savedProgress: progress.read(), lesson: params.lesson, step: params.step,
        lessonFile: exercise.lessonFile });
      frames.request();
    });
    racesLoaded.then((files) => {
      handOverRaces({ runtime, files, race: params.race });
      frames.request();
    });

    bootScreen.hide();
    sizer.watch();
    watchAppearance(({ light, reducedMotion }) => {
      runtime.callApp((m) => m._pgplay_set_appearance(light ? 1 : 0, reducedMotion ? 1 : 0));
      frames.request();
    });
    // Offline use is set up once PostgreSQL is up, so it never slows a first visit.
    api.ready.then(() => startOffline({ showNotice }), () => {});
    // A learner on the page can type at once; an embed must not take focus from the page
    // around it (the blog's reader may be scrolling or typing elsewhere).
    if (!inFrame) hiddenInput.focus();
    frames.request();
  }

  main().catch((err) => runtime.crash(err));
}

// A short line over the canvas, for news that needs no answer.
function showNotice(text) {
  const notice = document.getElementById('pgplay-notice');
  if (!notice) return;
  notice.textContent = text;
  notice.hidden = false;
  setTimeout(() => { notice.hidden = true; }, 8000);
}

boot();
