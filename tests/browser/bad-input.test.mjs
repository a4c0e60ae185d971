// Input a learner (or a careless embed) may throw at run(): each gets a result object quickly,
// and the database answers afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

// Random bytes read as latin1: every code point from U+0000 to U+00FF, NULs included.
function garbage(n, seed = 12345) {
  let s = '';
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    s += String.fromCharCode((x >>> 7) & 0xff);
  }
  return s;
}

describe('bad input never hangs or crashes', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  async function quick(sql, limitMs = 10000) {
    const t0 = Date.now();
    const r = await h.run(app.page, sql, limitMs);
    const ms = Date.now() - t0;
    assert.equal(typeof r, 'object');
    assert.ok(r && typeof r.ok === 'boolean' && Array.isArray(r.results), `a result object: ${JSON.stringify(r).slice(0, 200)}`);
    const after1 = await h.run(app.page, 'SELECT 1', 10000);
    assert.equal(after1.ok, true, 'SELECT 1 works afterwards');
    assert.deepEqual(after1.results[0].rows, [['1']]);
    return { r, ms };
  }

  it('empty and blank scripts: ok, no results', async () => {
    for (const sql of ['', '   \n\t', '-- only a comment\n', ';;;', '/* block */']) {
      const { r } = await quick(sql);
      assert.equal(r.ok, true, JSON.stringify(sql));
      assert.equal(r.error, null);
      assert.deepEqual(r.results, [], JSON.stringify(sql));
    }
    h.assertNoErrors(app.errors);
  });

  it('a 1 MB string literal', async () => {
    const sql = "SELECT length('" + 'x'.repeat(1 << 20) + "') AS n";
    const { r, ms } = await quick(sql);
    console.log(`1 MB literal: ${ms} ms`);
    assert.equal(r.ok, true);
    assert.deepEqual(r.results[0].rows, [[String(1 << 20)]]);
    h.assertNoErrors(app.errors);
  });

  it('binary garbage', async () => {
    for (const seed of [1, 2, 3]) {
      const sql = garbage(4096, seed);
      const { r } = await quick(sql);
      assert.equal(r.ok, false, 'garbage is not valid SQL');
      assert.ok(r.error && typeof r.error.sqlstate === 'string' && r.error.sqlstate.length === 5, JSON.stringify(r.error));
      if (sql.includes('\0')) assert.equal(r.error.sqlstate, 'PGNUL');
      assert.ok(r.error.message.length > 0);
    }
    // Garbage without NUL bytes reaches PostgreSQL's parser.
    const noNul = garbage(4096, 9).replace(/\0/g, ' ');
    const { r } = await quick(noNul);
    assert.equal(r.ok, false);
    assert.match(r.error.sqlstate, /^[0-9A-Z]{5}$/);
    assert.notEqual(r.error.sqlstate, 'PGNUL');
    h.assertNoErrors(app.errors);
  });

  it('an unterminated quote', async () => {
    const { r } = await quick("SELECT 'abc");
    assert.equal(r.ok, false);
    assert.equal(r.error.sqlstate, '42601');
    assert.match(r.error.message, /unterminated quoted string/);
    assert.ok(r.error.position > 0);
    h.assertNoErrors(app.errors);
  });

  it('200 statements in one script give 200 results in order', async () => {
    const sql = Array.from({ length: 200 }, (_, i) => `SELECT ${i + 1};`).join('\n');
    const { r, ms } = await quick(sql);
    console.log(`200 statements: ${ms} ms`);
    assert.equal(r.ok, true);
    assert.equal(r.results.length, 200);
    r.results.forEach((s, i) => assert.deepEqual(s.rows, [[String(i + 1)]]));
    h.assertNoErrors(app.errors);
  });

  it('a NUL byte: clear PGNUL error, nothing run', async () => {
    await h.run(app.page, 'CREATE TABLE nul_probe (x int)');
    const { r } = await quick('INSERT INTO nul_probe VALUES (1);\nSELECT 1\u0000; SELECT 2');
    assert.equal(r.ok, false);
    assert.equal(r.error.sqlstate, 'PGNUL');
    assert.match(r.error.message, /NUL/);
    assert.deepEqual(r.results, []);
    const count = await h.run(app.page, 'SELECT count(*) FROM nul_probe');
    assert.deepEqual(count.results[0].rows, [['0']], 'no statement of the script ran');
    h.assertNoErrors(app.errors);
  });

  // pg_dump's habit: COPY ... FROM stdin with data lines. Without them it used to wait forever.
  it('COPY ... FROM stdin loads the lines up to \\.; without data it answers at once with a clear error', async () => {
    await h.run(app.page, 'DROP TABLE IF EXISTS copy_probe; CREATE TABLE copy_probe (a int, b text)');
    const loaded = await quick('COPY copy_probe FROM stdin;\n1\tone\n2\t\\N\n\\.\nSELECT count(*) FROM copy_probe;\n');
    assert.equal(loaded.r.ok, true, JSON.stringify(loaded.r.error));
    assert.equal(loaded.r.results[0].tag, 'COPY 2');
    assert.deepEqual(loaded.r.results[1].rows, [['2']]);
    const { r } = await quick('COPY copy_probe FROM stdin;');
    assert.equal(r.ok, false);
    assert.equal(r.error.sqlstate, '0A000');
    assert.match(r.error.message, /COPY \.\.\. FROM STDIN has no data to read here/);
    const after = await h.run(app.page, 'SELECT count(*) FROM copy_probe');
    assert.deepEqual(after.results[0].rows, [['2']]);
    h.assertNoErrors(app.errors);
  });

  // Last: when it fails, the page may stay busy.
  it('1 MB of statements (SELECT 1; x 116,509) returns and the page stays responsive', async () => {
    const { page } = app;
    const n = Math.ceil((1 << 20) / 'SELECT 1;'.length);
    const r = await h.withTimeout(page.evaluate(async (n) => {
      const sql = 'SELECT 1;'.repeat(n);
      const gaps = [];
      let last = performance.now();
      let stop = false;
      const tick = () => {
        const now = performance.now();
        gaps.push(now - last);
        last = now;
        if (!stop) setTimeout(tick, 20);
      };
      tick();
      const t0 = performance.now();
      const res = await window.playground.run(sql);
      stop = true;
      return { ms: performance.now() - t0, dbMs: res.ms, ok: res.ok, n: res.results.length, maxBlockedMs: Math.max(...gaps) };
    }, n), 30000, '1 MB of statements');
    console.log(`1 MB of statements: ${JSON.stringify({ ...r, ms: Math.round(r.ms), dbMs: Math.round(r.dbMs), maxBlockedMs: Math.round(r.maxBlockedMs) })}`);
    assert.equal(r.ok, true);
    assert.equal(r.n, n);
    const t0 = Date.now();
    const after1 = await h.run(page, 'SELECT 1', 10000);
    const ms = Date.now() - t0;
    console.log(`SELECT 1 while the 116,509-statement result is shown: ${ms} ms`);
    assert.equal(after1.ok, true);
    assert.ok(ms < 5000, `SELECT 1 answers within 5 s after the big script (${ms} ms)`);
    h.assertNoErrors(app.errors);
  });
});
