// What keeps one query from taking the app down: values and results capped by bytes, and a
// lesson Check that runs forever stopped by the watchdog, with the database usable afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

async function typeIntoEditor(page, text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  for (const deadline = Date.now() + 15000; Date.now() < deadline; await h.sleep(100)) {
    if (await h.editorText(page) === text) return;
  }
  assert.fail('the typed text did not reach the editor');
}

describe('limits', () => {
  let app;
  before(async () => { app = await h.setupApp('?lesson=joins&step=1'); });
  after(async () => { await app?.teardown(); });

  it('a 5 MB value arrives cut to 1 MiB, with its full size, and the grid says so', async () => {
    const { page } = app;
    const r = await h.run(page, "SELECT 1 AS id, repeat('é', 2500000) AS v");
    assert.equal(r.ok, true, JSON.stringify(r.error));
    const s = r.results[0];
    assert.deepEqual(s.cutValues, [{ row: 0, column: 1, bytes: 5000000 }]);
    assert.equal(new TextEncoder().encode(s.rows[0][1]).length, 1 << 20);
    assert.deepEqual((await h.lastResult(page)).results[0].cutValues, s.cutValues);
    await h.settle(page);
    await h.screenshot(page, 'cut-value');
    // The next query is as quick as ever: nothing big stays behind.
    const next = await h.run(page, 'SELECT 2 AS two');
    assert.deepEqual(next.results[0].rows, [['2']]);
    h.assertNoErrors(app.errors);
  });

  // Regression: statement_timeout never fires in PGlite, so Check spun until the learner pressed Stop.
  it('a Check whose answer never ends is stopped after 10 s and says why', async () => {
    const { page } = app;
    await h.pollUntil(async () => {
      const s = await page.evaluate(() => window.playground.lesson());
      return s && s.open && !s.preparing;
    }, { timeout: 30000, what: 'the joins step is ready' });
    await page.mouse.click(700, 150);   // the editor
    await typeIntoEditor(page, 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r');
    const t0 = Date.now();
    const verdict = await h.withTimeout(page.evaluate(() => window.playground.check()), 60000, 'the check');
    const ms = Date.now() - t0;
    console.log(`endless answer: verdict after ${ms} ms`);
    assert.equal(verdict.pass, false);
    assert.match(verdict.feedback, /ran longer than 10 s/);
    assert.ok(ms >= 9000 && ms < 40000, `verdict after ${ms} ms`);
    // The database is back, with the step's tables.
    const back = await h.pollUntil(async () => {
      const r = await h.run(page, 'SELECT count(*) > 0 AS ok FROM users');
      return r.ok ? r : null;
    }, { timeout: 30000, what: 'the database answers again' });
    assert.deepEqual(back.results[0].rows, [['t']]);
    await h.settle(page);
    await h.screenshot(page, 'check-timeout');
    h.assertNoErrors(app.errors);
  });
});
