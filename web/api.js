// [SECTION] window.playground and its postMessage twin
//
// run(sql) goes through the same C++ path as the Run button and resolves with the C++ result
// model ({ok, ms, results, error}); SQL errors are results, never rejections. Calls made before
// the UI has started are queued. When pgplay cannot run at all (no WebGL2, pgplay.js or its
// WebAssembly missing, a crash), `ready` rejects with the reason, every call resolves with it
// (SQLSTATE XX000), and an embed tells its parent page {type:'playground:error', message}.
//
// Pages that may (see mayDrive) drive the same operations by message:
//   {type:'playground:run', id, sql}      -> {type:'playground:result', id, result}
//   {type:'playground:lastResult', id}    -> {type:'playground:result', id, result}
//   {type:'playground:editorText', id}    -> {type:'playground:result', id, result: text}
//   {type:'playground:cancel'}
// and hears {type:'playground:ready'}, {type:'playground:error', message},
// {type:'playground:resize', height} and {type:'playground:waiting', message} (PostgreSQL starts
// when the embed comes near the viewport, is clicked, or is asked something) from an embed.
// Replies go to the sender, at its origin.
// An embed (?embed=1 in a frame) answers the page that framed it, whatever its origin: that is
// what embedding is for, and an embed's database is its own, in memory. The full-size app holds
// the learner's stored database, so it answers pages of its own origin only: never a site that
// opened it, or framed it without ?embed=1. Anything else is ignored without a reply.

import { withCString, withUtf8 } from './heap.js';
import { describeError } from './runtime.js';

// Messages this page sends: never treated as requests (a page that posts to itself would
// otherwise answer its own replies forever).
const OUTBOUND = new Set(['playground:result', 'playground:ready', 'playground:resize', 'playground:error',
  'playground:waiting']);

export function errorResult(sqlstate, message, detail, hint) {
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

// params: the URL parameters (editorText() before start is ?sql=); inFrame: this page is in an
// iframe, so readiness, errors and size are posted to the parent.
// sandboxFiles(): the page's sandbox-files.js object (made after this one).
// wake(): called on every call that may need PostgreSQL (an embed starts it then, see main.js).
// makeShareLink(payload): resolves with {url} or {problem} (main.js, with share.js).
export function createApi({ runtime, frames, params, inFrame, sandboxFiles, wake = () => {}, makeShareLink = null }) {
  let nextApiId = 1;
  const pending = new Map();   // apiId -> { resolve, reply: {target, origin, id} | null }
  let queued = [];             // calls waiting for the UI to start
  let unavailable = null;      // why the app cannot answer (set when it cannot start or crashed)
  let settled = false;         // `ready` has resolved or rejected
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // A page that never awaits `ready` must not get an "unhandled rejection" error for it.
  ready.catch(() => {});

  function postToParent(message) {
    if (!inFrame) return;
    try {
      window.parent.postMessage(message, '*');   // carries no private data
    } catch {
      /* the parent is gone */
    }
  }

  function replyTo(reply, message) {
    if (!reply || !reply.target) return;
    try {
      reply.target.postMessage(message, reply.origin);
    } catch (err) {
      console.warn('pgplay: could not answer a postMessage request:', describeError(err));
    }
  }

  function call(kind, sql, reply, analyze = true) {
    wake();
    const apiId = nextApiId++;
    return new Promise((resolve) => {
      pending.set(apiId, { resolve, reply: reply || null });
      const request = { apiId, kind, sql: String(sql ?? ''), analyze: analyze !== false };
      if (unavailable) settle(apiId, errorResult('XX000', unavailable));
      else if (!runtime.started) queued.push(request);
      else dispatch(request);
    });
  }

  function dispatch({ apiId, kind, sql, analyze }) {
    if (kind === 'check') {
      // The Check button's path: grades the editor's SQL against the open lesson step.
      runtime.call((m) => m._pgplay_api_check(apiId));
    } else if (kind === 'explain') {
      runtime.call((m) => withUtf8(m, sql, (ptr, len) => m._pgplay_api_explain(apiId, ptr, len, analyze ? 1 : 0)));
    } else if (kind === 'orm-lens') {
      runtime.call((m) => m._pgplay_api_orm_lens(apiId));
    } else if (kind === 'race') {
      runtime.call((m) => withCString(m, sql, (ptr) => m._pgplay_api_race(apiId, ptr)));
    } else {
      runtime.call((m) => withUtf8(m, sql, (ptr, len) => m._pgplay_api_run(apiId, ptr, len)));
    }
    frames.request();
  }

  function settle(apiId, result) {
    const entry = pending.get(apiId);
    if (!entry) return;
    pending.delete(apiId);
    entry.resolve(result);
    if (entry.reply) replyTo(entry.reply, { type: 'playground:result', id: entry.reply.id, result });
  }

  // The C++ app has started: the calls made while it loaded.
  function releaseQueued() {
    const calls = queued;
    queued = [];
    for (const request of calls) dispatch(request);
  }

  // pgplay cannot answer any more (it could not start, or it crashed). The first reason wins.
  function fail(message) {
    if (unavailable) return;
    unavailable = message;
    if (!settled) {
      settled = true;
      rejectReady(new Error(message));
    }
    postToParent({ type: 'playground:error', message });
    queued = [];
    for (const apiId of [...pending.keys()]) settle(apiId, errorResult('XX000', message));
  }

  // From C++ (pgplay_js_api_resolve).
  function resolve(apiId, jsonText) {
    let result;
    try {
      result = JSON.parse(jsonText);
    } catch (err) {
      result = errorResult('XX000', 'pgplay produced a result that is not valid JSON: ' + describeError(err));
    }
    settle(Number(apiId), result);
  }

  // From C++ (pgplay_js_api_ready): PostgreSQL is up, or could not start (runs then answer
  // SQLSTATE PGDWN).
  // An embed waiting to start PostgreSQL says why, once, to its parent: `ready` comes later.
  function postWaiting(message) {
    postToParent({ type: 'playground:waiting', message });
  }

  function markReady() {
    if (settled) return;
    settled = true;
    resolveReady();
    postToParent({ type: 'playground:ready' });
  }

  function cancel() {
    // Calls not yet handed to C++ are answered here; the running one by C++ (57014).
    const waiting = queued;
    queued = [];
    for (const request of waiting) settle(request.apiId, canceledResult());
    runtime.callApp((m) => m._pgplay_api_cancel());
    frames.request();
  }

  function lastResult() {
    const json = runtime.callApp((m) => m.UTF8ToString(m._pgplay_api_last_result()));
    try {
      return json === undefined ? null : JSON.parse(json);
    } catch {
      return null;
    }
  }

  function editorText() {
    if (!runtime.started) return params.sql;
    const text = runtime.call((m) => m.UTF8ToString(m._pgplay_api_editor_text()));
    return typeof text === 'string' ? text : '';
  }

  function diagram() {
    const text = runtime.callApp((m) => m.UTF8ToString(m._pgplay_api_diagram()));
    frames.request();
    return typeof text === 'string' ? JSON.parse(text) : null;
  }

  function database() {
    const text = runtime.callApp((m) => m.UTF8ToString(m._pgplay_api_database_status()));
    return typeof text === 'string' ? JSON.parse(text) : null;
  }

  function planComparison() {
    const text = runtime.callApp((m) => m.UTF8ToString(m._pgplay_api_plan_comparison()));
    return typeof text === 'string' ? JSON.parse(text) : null;
  }

  function raceState() {
    const text = runtime.callApp((m) => m.UTF8ToString(m._pgplay_api_race_state()));
    return typeof text === 'string' ? JSON.parse(text) : null;
  }

  function lesson() {
    const text = runtime.callApp((m) => m.UTF8ToString(m._pgplay_api_lesson_state()));
    return typeof text === 'string' ? JSON.parse(text) : null;
  }

  // The link the Share button makes for what is open now: {url} or {problem}.
  async function shareLink() {
    const text = runtime.callApp((m) => m.UTF8ToString(m._pgplay_api_share_payload()));
    if (typeof text !== 'string' || !makeShareLink) return { problem: 'pgplay has not started' };
    return makeShareLink(JSON.parse(text));
  }

  function openLesson(id, step) {
    if (typeof id !== 'string' || id === '') throw new TypeError('openLesson(id, step): id must be a lesson id');
    const n = Number.isInteger(step) && step > 0 ? step : 1;
    runtime.callApp((m) => withCString(m, id, (ptr) => m._pgplay_api_open_lesson(ptr, n)));
    frames.request();
    return lesson();
  }

  // The open lesson's quick check; returns lesson() (its `quiz` is true when the lesson has one).
  function openQuickCheck() {
    runtime.callApp((m) => m._pgplay_api_open_quiz());
    frames.request();
    return lesson();
  }

  // answerQuestion(n, answer): n from 1; answer is a choice number (from 1), an array of them
  // (questions with several right choices), or the text of a typed answer. Returns the verdict
  // {right, empty, feedback}, or null when no quick check is open or there is no question n.
  function answerQuestion(n, answer) {
    if (!Number.isInteger(n) || n < 1) throw new TypeError('answerQuestion(n, answer): n is a question number from 1');
    const body = typeof answer === 'string' ? { typed: answer }
      : { chosen: (Array.isArray(answer) ? answer : [answer]).filter((c) => Number.isInteger(c) && c > 0).map((c) => c - 1) };
    const text = runtime.callApp((m) => withCString(m, JSON.stringify(body), (ptr) => m.UTF8ToString(m._pgplay_api_answer_question(n - 1, ptr))));
    frames.request();
    return typeof text === 'string' ? JSON.parse(text) : null;
  }

  function closeLesson() {
    runtime.callApp((m) => m._pgplay_api_close_lesson());
    frames.request();
    return lesson();
  }

  const playground = Object.freeze({
    ready,
    run: (sql) => call('run', sql),
    cancel: () => { cancel(); },
    lastResult,
    editorText,
    // Lessons: check() grades the editor's SQL for the open step (resolves with the verdict:
    // {pass, feedback, checks, error}); lesson() tells which step is open and what is done.
    check: () => call('check', ''),
    lesson,
    // openLesson(id, step) opens a lesson step (step from 1; the lessons' own database, never the
    // sandbox) and returns lesson(); closeLesson() goes back to the roadmap and the sandbox.
    openLesson,
    closeLesson,
    // openQuickCheck() shows the open lesson's quick-check questions; answerQuestion(n, answer)
    // answers question n (see above) as the pane's "Check answer" does.
    openQuickCheck,
    answerQuestion,
    // Races: race(id) opens a race scenario and resolves with its timeline once played, in the
    // format scripts/race-run prints ([{step, who, sql, result, blocked?, released_after?}...,
    // {check, value}...]), or {error, kind?, known?} when it cannot be played.
    race: (id) => call('race', typeof id === 'string' ? id : ''),
    // ormLens() on an ORM lens step: the lens's "Run both" (the ORM's queries, then the editor's
    // SQL, one round trip per query); resolves with {orm, yours}, each {queries, rows, ms, dbMs,
    // cutShort, error}, or {error} when the open step has no lens.
    ormLens: () => call('orm-lens', ''),
    // explain(sql, {analyze}) draws the plan of sql's first statement, as the Explain button
    // does, and resolves with {ok, error, analyzed, rolledBack, planningMs, executionMs, text,
    // plan, warnings}. analyze defaults to true (writes are rolled back).
    explain: (sql, options) => call('explain', sql, null, !(options && options.analyze === false)),
    // What the plan view compares now (explaining the same query again compares it with the
    // last time): {before: {statement, executionMs, totalCost}, after: {...}, measured, ratio,
    // summary, changes: [{kind: 'changed'|'added'|'removed', before, after, beforePath,
    // afterPath, message}]}, or null.
    planComparison,
    // The learner's sandbox as a file, as the Database menu does it but without asking:
    // downloadDatabase() saves it (resolves with {name, bytes} or {error}); openDatabase(file)
    // replaces it with a File or Blob saved that way (a file that does not open leaves it as it
    // was); resetDatabase() empties it. Follow database() for the outcome.
    downloadDatabase: () => sandboxFiles().download(),
    openDatabase: (file) => sandboxFiles().openFromApi(file),
    resetDatabase: () => sandboxFiles().resetFromApi(),
    // The database the editor works on, as the status line shows it: {database: 'sandbox'|
    // 'lesson', state: 'loading'|'restarting'|'ready'|'failed', version, message, storageNote};
    // storageNote says why the sandbox is not kept in this browser ("" when it is).
    database,
    // What the race view shows now: {id, position, total, playing, next, steps: [{who, sql,
    // state, result?, waitingFor?}], failure}, or null when no race is open.
    raceState,
    // shareLink() resolves with {url}: a link to the editor's script and the lesson step or race
    // open now, as the Share button makes it; or {problem} when there is none (too long).
    shareLink,
    // The ER diagram: opens it and returns its model, {loaded, entities: [{name, kind, linkTable,
    // columns: [{name, type, primaryKey, foreignKey, notNull, unique}]}], relationships: [{from,
    // to, cardinality, onDelete, optional, constraint, through}]}.
    diagram,
  });

  function mayDrive(event) {
    if (params.embed && inFrame) return event.source === window.parent;
    return event.origin === window.location.origin;
  }

  function onMessage(event) {
    const data = event.data;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
    if (!data.type.startsWith('playground:') || OUTBOUND.has(data.type)) return;
    if (!mayDrive(event)) return;
    const origin = !event.origin || event.origin === 'null' ? '*' : event.origin;
    const reply = { target: event.source, origin, id: data.id };
    switch (data.type) {
      case 'playground:run':
        if (typeof data.sql !== 'string') {
          console.warn(`pgplay: ignoring ${data.type} without a sql string`);
          return;
        }
        call('run', data.sql, reply);
        return;
      case 'playground:explain':
        if (typeof data.sql !== 'string') {
          console.warn(`pgplay: ignoring ${data.type} without a sql string`);
          return;
        }
        call('explain', data.sql, reply, !(data.options && data.options.analyze === false));
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

  // Puts window.playground in place and answers postMessage requests.
  function install() {
    window.playground = playground;
    window.addEventListener('message', (event) => {
      try {
        onMessage(event);
      } catch (err) {
        console.warn('pgplay: ignoring a message:', describeError(err));
      }
    });
  }

  // An embed tells its parent how tall it would like to be (CSS pixels, from the C++ app: the
  // editor fitted to its SQL, the grid to a few rows of the result; see core/embed_layout.h).
  function postEmbedSize(height) {
    if (params.embed && Number.isFinite(height) && height > 0) postToParent({ type: 'playground:resize', height });
  }

  return { install, resolve, markReady, postWaiting, fail, releaseQueued, postEmbedSize, ready };
}
