// Stopping a runaway query: playground.cancel() and the Stop button. PGlite runs on the worker's
// only thread, so Stop restarts PostgreSQL and the app replays the learner's committed work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

// Starts `sql`, waits `waitMs`, calls playground.cancel(); returns how long the pending run took
// to settle after cancel() and its result.
function runThenCancel(page, sql, waitMs = 500) {
  return h.withTimeout(page.evaluate(async ({ sql, waitMs }) => {
    const pending = window.playground.run(sql);
    let settledEarly = null;
    pending.then((r) => { settledEarly = settledEarly ?? r; });
    await new Promise((r) => setTimeout(r, waitMs));
    if (settledEarly) return { latency: -1, result: settledEarly };
    const t0 = performance.now();
    window.playground.cancel();
    const result = await pending;
    return { latency: performance.now() - t0, result };
  }, { sql, waitMs }), 20000, `cancel of ${sql}`);
}

// Runs `sql` until it succeeds (the database may be restarting and replaying after a Stop).
async function runWhenBack(page, sql, timeout = 30000) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < timeout) {
    last = await h.run(page, sql, timeout);
    if (last.ok) return { result: last, ms: Date.now() - t0 };
    await h.sleep(200);
  }
  throw new Error(`${sql} did not succeed in ${timeout} ms: ${JSON.stringify(last && last.error)}`);
}

// The toolbar's green "▶ Run" button, found by its colour in the top 50 pixel rows: the first
// green area from the left (the status dot further right is green too).
function findRunButton(img) {
  const green = (x, y) => {
    const i = (y * img.width + x) * 4;
    const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]];
    return g > 80 && g > r + 40 && g > b + 25;
  };
  let left = Infinity, row = -1;
  for (let y = 0; y < Math.min(50, img.height); y++) {
    for (let x = 0; x < Math.min(800, img.width); x++) {
      if (green(x, y) && x < left) { left = x; row = y; break; }
    }
  }
  if (row < 0) return null;
  let top = row, bottom = row;
  while (top > 0 && green(left, top - 1)) top--;
  while (bottom < img.height - 1 && green(left, bottom + 1)) bottom++;
  const y = Math.min(top + 2, bottom);   // above the label's text
  let right = left;
  for (let x = left; x < img.width && x < right + 4; x++) if (green(x, y)) right = x;
  if (right - left < 20) return null;
  return { minX: left, maxX: right, minY: top, maxY: bottom };
}

describe('stopping queries', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  it('cancel() stops pg_sleep(600) within a second (57014) and keeps committed rows', async () => {
    const { page } = app;
    const setup = await h.run(page, 'CREATE TABLE kept (id int); INSERT INTO kept SELECT generate_series(1, 7);');
    assert.equal(setup.ok, true, JSON.stringify(setup.error));
    const { latency, result } = await runThenCancel(page, 'SELECT pg_sleep(600)');
    console.log(`cancel() -> run settled: ${latency.toFixed(1)} ms`);
    assert.ok(latency >= 0, 'pg_sleep(600) did not finish on its own');
    assert.ok(latency < 1000, `the run settles within 1000 ms of cancel() (${latency.toFixed(1)} ms)`);
    assert.equal(result.ok, false);
    assert.equal(result.error.sqlstate, '57014');
    const back = await runWhenBack(page, 'SELECT count(*) FROM kept');
    console.log(`after cancel, restart + replay until the table answers: ${back.ms} ms`);
    assert.deepEqual(back.result.results[0].rows, [['7']]);
    await h.settle(page);
    await h.screenshot(page, 'after-stop');
    h.assertNoErrors(app.errors);
  });

  it('cancel() stops an endless recursive CTE', async () => {
    const { page } = app;
    const { latency, result } = await runThenCancel(page,
      'WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT 1 FROM r) SELECT count(*) FROM r');
    assert.ok(latency >= 0, 'the endless query did not finish on its own');
    assert.ok(latency < 1000, `settles within 1000 ms of cancel() (${latency.toFixed(1)} ms)`);
    assert.equal(result.error && result.error.sqlstate, '57014');
    const back = await runWhenBack(page, 'SELECT count(*) FROM kept');
    assert.deepEqual(back.result.results[0].rows, [['7']]);
    // Work done after a restart is kept by the next one too.
    const more = await h.run(page, 'INSERT INTO kept VALUES (8)');
    assert.equal(more.ok, true);
    h.assertNoErrors(app.errors);
  });

  it('the Stop button stops a running query', async () => {
    const { page } = app;
    await h.settle(page);
    const img = await h.screenshot(page, 'toolbar');
    const run = findRunButton(img);
    assert.ok(run, 'the green Run button is drawn in the toolbar');
    const y = Math.round((run.minY + run.maxY) / 2);
    const stopX = run.maxX + 40;   // "■ Stop" sits right of "▶ Run"
    console.log(`Run button at x ${run.minX}-${run.maxX}, y ${run.minY}-${run.maxY}; clicking Stop at (${stopX}, ${y})`);
    await page.evaluate(() => {
      window.__stopTest = { result: null };
      window.playground.run('SELECT pg_sleep(600)').then((r) => { window.__stopTest.result = r; });
    });
    await h.sleep(700);
    await page.mouse.move(stopX, y);
    await h.sleep(100);
    await h.screenshot(page, 'stop-button-hover');
    const t0 = Date.now();
    await page.mouse.down();
    await page.mouse.up();
    const result = await h.pollUntil(() => page.evaluate(() => window.__stopTest.result), { timeout: 5000, what: 'Stop ends the run' });
    console.log(`Stop button click -> run settled: ${Date.now() - t0} ms`);
    assert.equal(result.ok, false);
    assert.equal(result.error.sqlstate, '57014');
    const back = await runWhenBack(page, 'SELECT count(*) FROM kept');
    assert.deepEqual(back.result.results[0].rows, [['8']]);
    h.assertNoErrors(app.errors);
  });

  it('cancel() with nothing running changes nothing', async () => {
    const { page } = app;
    await page.evaluate(() => window.playground.cancel());
    const r = await h.run(page, 'SELECT 1');
    assert.equal(r.ok, true);
    h.assertNoErrors(app.errors);
  });
});
