// window.playground.run and what the UI shows: results, scripts, errors, the results grid and
// results too big to keep.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

// Rows of the image (within a rectangle) that contain anything but the background colour:
// a rough count of drawn text lines, in pixels.
function inkedRows(img, rect) {
  const { background } = h.regionStats(img, rect);
  let rows = 0;
  for (let y = rect.y; y < rect.y + rect.h; y++) {
    let ink = 0;
    for (let x = rect.x; x < rect.x + rect.w; x++) {
      const i = (y * img.width + x) * 4;
      const key = (img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2];
      if (key !== background) ink++;
    }
    if (ink > 3) rows++;
  }
  return rows;
}

describe('window.playground.run', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  it('runs SELECT 1+1 and the UI shows the same result', async () => {
    const { page } = app;
    const t0 = Date.now();
    const r = await h.run(page, 'SELECT 1+1');
    const roundTrip = Date.now() - t0;
    assert.deepEqual(await h.lastResult(page), r, 'lastResult() is what run() returned');
    const inPage = await page.evaluate(async () => {
      const t = performance.now();
      await window.playground.run('SELECT 1+1');
      return performance.now() - t;
    });
    console.log(`SELECT 1+1 round trip: ${roundTrip} ms from the test, ${inPage.toFixed(1)} ms in the page`);
    assert.equal(r.ok, true);
    assert.equal(r.error, null);
    assert.equal(typeof r.ms, 'number');
    assert.equal(r.results.length, 1);
    const s = r.results[0];
    assert.equal(s.command, 'SELECT');
    assert.equal(s.tag, 'SELECT 1');
    assert.equal(s.rowCount, 1);
    assert.deepEqual(s.fields.map((f) => f.type), ['int4']);
    assert.deepEqual(s.rows, [['2']]);
    assert.equal(s.truncated, false);
    assert.equal(await h.editorText(page), 'SELECT 1+1', 'run() shows its SQL in the editor');
    h.assertNoErrors(app.errors);
  });

  it('runs a DDL + INSERT + SELECT script, results in order', async () => {
    const { page } = app;
    const sql = `CREATE TABLE pets (id int PRIMARY KEY, name text, born date);
INSERT INTO pets VALUES (1, 'Rex', '2020-01-02'), (2, 'Mia', NULL), (3, '', '2021-12-31');
SELECT id, name, born FROM pets ORDER BY id;`;
    const r = await h.run(page, sql);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.deepEqual(r.results.map((s) => s.tag), ['CREATE TABLE', 'INSERT 0 3', 'SELECT 3']);
    assert.deepEqual(r.results.map((s) => s.command), ['CREATE TABLE', 'INSERT', 'SELECT']);
    assert.deepEqual(r.results.map((s) => s.rowCount), [0, 3, 3]);
    const sel = r.results[2];
    assert.deepEqual(sel.fields.map((f) => [f.name, f.type]), [['id', 'int4'], ['name', 'text'], ['born', 'date']]);
    assert.deepEqual(sel.rows, [['1', 'Rex', '2020-01-02'], ['2', 'Mia', null], ['3', '', '2021-12-31']]);
    assert.deepEqual(r.results[0].rows, []);
    assert.deepEqual(r.results[1].fields, []);
    assert.deepEqual(await h.lastResult(page), r);
    h.assertNoErrors(app.errors);
  });

  it('reports SQL errors with SQLSTATE and position, and keeps answering', async () => {
    const { page } = app;
    const missing = await h.run(page, 'SELECT * FROM no_such_table');
    assert.equal(missing.ok, false);
    assert.equal(missing.error.sqlstate, '42P01');
    assert.match(missing.error.message, /no_such_table/);
    assert.equal(missing.error.position, 15);
    assert.deepEqual(missing.results, []);
    assert.deepEqual(await h.lastResult(page), missing, 'the UI shows the error result');

    const syntax = await h.run(page, 'SELECT 1 +* FROM');
    assert.equal(syntax.ok, false);
    assert.equal(syntax.error.sqlstate, '42601');
    assert.match(syntax.error.message, /syntax error/);
    assert.ok(syntax.error.position >= 10 && syntax.error.position <= 17, `position ${syntax.error.position}`);

    const div = await h.run(page, 'SELECT 1/0');
    assert.equal(div.ok, false);
    assert.equal(div.error.sqlstate, '22012');
    assert.match(div.error.message, /division by zero/);

    // A script stops at its first error; what ran before it is reported, in order.
    const script = "SELECT 'ü' AS u;\nSELECT * FROM nope;\nSELECT 3;";
    const partial = await h.run(page, script);
    assert.equal(partial.ok, false);
    assert.equal(partial.error.sqlstate, '42P01');
    assert.deepEqual(partial.results.map((s) => s.tag), ['SELECT 1']);
    assert.equal(partial.error.position, [...script.slice(0, script.indexOf('nope'))].length + 1,
      'the position counts characters of the whole script');

    await h.settle(page);
    await h.screenshot(page, 'error');
    const ok = await h.run(page, 'SELECT count(*) FROM pets');
    assert.equal(ok.ok, true);
    assert.deepEqual(ok.results[0].rows, [['3']]);
    h.assertNoErrors(app.errors);
  });

  it('draws the results grid (screenshot results-grid.png)', async () => {
    const { page } = app;
    const r = await h.run(page,
      "SELECT g AS id, 'row ' || g AS label, g * 1.5 AS price, g % 3 = 0 AS fizz FROM generate_series(1, 20) g");
    assert.equal(r.ok, true);
    assert.equal(r.results[0].rows.length, 20);
    await h.settle(page);
    const img = await h.screenshot(page, 'results-grid');
    // The results pane is the lower half of the work area, right of the sidebar.
    const grid = { x: Math.round(img.width * 0.25), y: Math.round(img.height * 0.5), w: Math.round(img.width * 0.7), h: Math.round(img.height * 0.42) };
    const stats = h.regionStats(img, grid);
    const lines = inkedRows(img, grid);
    assert.ok(stats.distinctColors > 20, `the grid area is not blank (distinct colours: ${stats.distinctColors})`);
    assert.ok(stats.nonBackground > 3000, `text in the grid (${stats.nonBackground} pixels)`);
    assert.ok(lines > 120, `many rows of text in the grid (${lines} pixel rows with ink)`);
    h.assertNoErrors(app.errors);
  });

  it('keeps 100,000 rows and scrolls the grid with the mouse wheel', async () => {
    const { page } = app;
    const t0 = Date.now();
    const r = await page.evaluate(async () => {
      const res = await window.playground.run('SELECT g, md5(g::text) FROM generate_series(1,100000) g');
      const s = res.results[0];
      return { ok: res.ok, truncated: s.truncated, rowCount: s.rowCount, n: s.rows.length, first: s.rows[0], last: s.rows[s.rows.length - 1] };
    });
    console.log(`100,000 rows x 2 columns: ${Date.now() - t0} ms`);
    assert.deepEqual(r, {
      ok: true, truncated: false, rowCount: 100000, n: 100000,
      first: ['1', 'c4ca4238a0b923820dcc509a6f75849b'], last: ['100000', '14ee22eaba297944c96afdbe5b16c65b'],
    });
    await h.settle(page);
    const before = await h.screenshot(page, 'scroll-before');
    const grid = { x: Math.round(before.width * 0.25), y: Math.round(before.height * 0.55), w: Math.round(before.width * 0.7), h: Math.round(before.height * 0.35) };
    await page.mouse.move(grid.x + grid.w / 2, grid.y + grid.h / 2);
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, 300);
      await h.sleep(30);
    }
    await h.settle(page);
    const after1 = await h.screenshot(page, 'scroll-after');
    const changed = h.diffPixels(before, after1, grid);
    assert.ok(changed > 2000, `the grid scrolled (${changed} pixels changed)`);
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 2000);
    const t1 = Date.now();
    const ok = await h.run(page, 'SELECT 1', 10000);
    console.log(`SELECT 1 after scrolling 100k rows: ${Date.now() - t1} ms`);
    assert.equal(ok.ok, true);
    h.assertNoErrors(app.errors);
  });

  it('caps a 50,000,000-row result at 100,000 rows without crashing', async () => {
    const { page } = app;
    const r = await page.evaluate(async () => {
      const t0 = performance.now();
      const pending = window.playground.run('SELECT * FROM generate_series(1, 50000000)');
      const late = new Promise((res) => setTimeout(() => res('late'), 60000));
      const first = await Promise.race([pending, late]);
      if (first === 'late') {
        window.playground.cancel();
        const res = await pending;
        return { canceled: true, ms: performance.now() - t0, sqlstate: res.error && res.error.sqlstate };
      }
      const s = first.results[0];
      return {
        canceled: false, ms: performance.now() - t0, ok: first.ok, truncated: s.truncated, rowCount: s.rowCount,
        n: s.rows.length, first: s.rows[0], last: s.rows[s.rows.length - 1],
      };
    });
    console.log(`generate_series(1, 50000000): ${JSON.stringify({ canceled: r.canceled, ms: Math.round(r.ms) })}`);
    if (r.canceled) {
      assert.equal(r.sqlstate, '57014');
    } else {
      assert.equal(r.ok, true);
      assert.equal(r.truncated, true);
      assert.equal(r.rowCount, 100000);
      assert.equal(r.n, 100000);
      assert.deepEqual(r.first, ['1']);
      assert.deepEqual(r.last, ['100000']);
    }
    const t1 = Date.now();
    const ok = await h.run(page, 'SELECT 1', 30000);
    console.log(`SELECT 1 after it: ${Date.now() - t1} ms`);
    assert.equal(ok.ok, true);
    assert.deepEqual(ok.results[0].rows, [['1']]);
    await h.settle(page);
    await h.screenshot(page, 'after-huge-result');
    h.assertNoErrors(app.errors);
  });
});
