// An embed's own exercise (?setup=, ?file=) and share links (?s=), in the real app: what a
// blogger and a learner with a link get, and what a bad parameter or a damaged link does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const q = (params) => '?' + new URLSearchParams(params).toString();

async function waitForResult(page, what) {
  return h.pollUntil(async () => {
    const r = await h.lastResult(page);
    return r && (r.results.length || r.error) ? r : null;
  }, { timeout: 30000, what });
}

// One server and browser for both parts.
let server, browser;
before(async () => {
  server = await h.startServer();
  browser = await h.launchBrowser(server.origin);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

describe('an embed\'s own exercise', () => {
  it('?setup= runs first on the embed\'s database; the editor holds only the query', async () => {
    const { page, errors } = await h.openApp(browser.context, server.url, q({
      embed: '1', setup: 'CREATE TABLE t (n int); INSERT INTO t VALUES (20), (22);', sql: 'SELECT sum(n) FROM t;', run: '1',
    }));
    const r = await waitForResult(page, '&run=1 after the setup');
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.deepEqual(r.results[0].rows, [['42']]);
    assert.equal(await h.editorText(page), 'SELECT sum(n) FROM t;');
    // The page's own request sees the setup's tables too.
    assert.deepEqual(await h.rows(page, 'SELECT count(*) FROM t'), [['2']]);
    h.assertNoErrors(errors);
    await page.close();
  });

  it('a setup that fails says so in the grid; the database stays usable', async () => {
    const { page, errors } = await h.openApp(browser.context, server.url, q({ embed: '1', setup: 'CREATE TABLE (', sql: 'SELECT 1' }));
    const r = await waitForResult(page, 'the setup\'s error');
    assert.equal(r.ok, false);
    assert.match(r.error.message, /^The embed's setup script failed: syntax error/);
    assert.deepEqual(await h.rows(page, 'SELECT 1'), [['1']]);
    h.assertNoErrors(errors);
    await page.close();
  });

  it('?file= names a .sql setup or a lesson file on the same site', async () => {
    const sql = await h.openApp(browser.context, server.url, q({ embed: '1', file: 'examples/shop.sql' }));
    await h.databaseReady(sql.page);
    assert.deepEqual(await h.rows(sql.page, 'SELECT count(*) FROM customers'), [['4']]);
    h.assertNoErrors(sql.errors);
    await sql.page.close();

    const md = await h.openApp(browser.context, server.url, q({ embed: '1', file: 'examples/customers-without-orders.md' }));
    const lesson = await h.pollUntil(async () => {
      const l = await md.page.evaluate(() => window.playground.lesson());
      return l.open && !l.preparing ? l : null;
    }, { timeout: 30000, what: 'the lesson file\'s step' });
    assert.equal(lesson.lesson, 'example-customers-without-orders');
    assert.match(await h.editorText(md.page), /FROM customers c/);
    // Graded like any lesson: a wrong answer fails, the solution passes.
    await h.run(md.page, 'SELECT c.name FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL');
    assert.equal((await h.withTimeout(md.page.evaluate(() => window.playground.check()), 30000, 'check')).pass, false);
    await h.run(md.page, 'SELECT c.name FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)');
    assert.equal((await h.withTimeout(md.page.evaluate(() => window.playground.check()), 30000, 'check')).pass, true);
    h.assertNoErrors(md.errors);
    await md.page.close();
  });

  it('a missing, foreign or wrong file gets a clear error and changes nothing else', async () => {
    const missing = await h.openApp(browser.context, server.url, q({ embed: '1', file: 'examples/nothing-here.sql', sql: 'SELECT 1' }));
    const r = await waitForResult(missing.page, 'the missing file\'s error');
    assert.match(r.error.message, /examples\/nothing-here\.sql could not be loaded \(HTTP 404\)/);
    assert.equal(await h.editorText(missing.page), 'SELECT 1');
    assert.deepEqual(await h.rows(missing.page, 'SELECT 2'), [['2']]);
    h.assertNoErrors(missing.errors, [/404/]);
    await missing.page.close();

    // Another origin is refused before anything is fetched (a warning, nothing in the grid).
    const requested = [];
    const foreign = await browser.context.newPage();
    foreign.on('request', (req) => requested.push(req.url()));
    await foreign.goto(server.url + q({ embed: '1', file: 'https://example.invalid/x.sql' }));
    await h.withTimeout(foreign.evaluate(() => window.playground.ready), 60000, 'ready');
    assert.ok(!requested.some((u) => new URL(u).hostname === 'example.invalid'));
    assert.equal(await h.lastResult(foreign), null);
    await foreign.close();

    // A lesson file with mistakes: its errors, line by line.
    const broken = await h.openApp(browser.context, server.url, q({ embed: '1', file: 'lessons/races/index.json.md' }));
    const b = await waitForResult(broken.page, 'the broken lesson file\'s error');
    assert.match(b.error.message, /could not be loaded \(HTTP 404\)|could not be used/);
    await broken.page.close();
  });

  it('the full-size app never runs a link\'s setup: it shows it in the editor above the query', async () => {
    const { page, errors } = await h.openApp(browser.context, server.url, q({ setup: 'CREATE TABLE from_link (n int);', sql: 'SELECT * FROM from_link;', run: '1' }));
    await h.databaseReady(page);
    const text = await h.editorText(page);
    assert.match(text, /^-- The exercise's setup: run it to create its tables in your sandbox\nCREATE TABLE from_link \(n int\);\n\n-- The query\nSELECT \* FROM from_link;$/);
    const r = await h.run(page, "SELECT to_regclass('from_link') IS NULL AS absent");
    assert.deepEqual(r.results[0].rows, [['t']], 'the sandbox was not changed');
    h.assertNoErrors(errors);
    await page.close();
  });

  it('each embed asks its page for a height that fits its exercise', async () => {
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    await page.setViewportSize({ width: 1000, height: 3600 });
    await page.goto(server.url + 'examples/blog.html');
    const heights = await h.pollUntil(async () => {
      const hs = await page.evaluate(() => [...document.querySelectorAll('iframe.pgplay')].map((f) => parseInt(f.style.height, 10)));
      return hs.every((x) => x > 0) && hs[1] === 560 && hs[2] === 560 ? hs : null;
    }, { timeout: 30000, what: 'three embeds sized: the lesson step and the race at 560 px' });
    assert.equal(heights.length, 3);
    assert.ok(heights[0] >= 240 && heights[0] < 560, `a query and no result yet: ${heights[0]}`);
    assert.equal(heights[1], 560, 'a lesson step');
    assert.equal(heights[2], 560, 'a race');
    // A result with rows makes the first one taller.
    const first = page.frames().find((f) => f.url().includes('file=examples/shop.sql'));
    await h.withTimeout(first.evaluate(() => window.playground.run('SELECT * FROM orders')), 30000, 'run in the first embed');
    await h.pollUntil(async () => (await page.evaluate(() => parseInt(document.querySelector('iframe.pgplay').style.height, 10))) > heights[0],
      { timeout: 10000, what: 'the first embed grown' });
    h.assertNoErrors(errors);
    await page.close();
  });
});

describe('share links', () => {
  it('a link brings back the script; it is not run on the learner\'s sandbox', async () => {
    const a = await h.openApp(browser.context, server.url);
    await h.databaseReady(a.page);
    const script = "-- totals\nSELECT 'héllo' AS greeting, 6 * 7 AS answer;\n";
    await h.run(a.page, script);
    const link = await a.page.evaluate(() => window.playground.shareLink());
    assert.ok(link.url, JSON.stringify(link));
    assert.match(link.url, /\?s=1[A-Za-z0-9_-]+$/);
    const b = await h.openApp(browser.context, link.url, '');
    assert.equal(await h.editorText(b.page), script);
    await h.sleep(300);
    assert.equal(await h.lastResult(b.page), null, 'nothing runs by itself');
    h.assertNoErrors(a.errors);
    h.assertNoErrors(b.errors);
    await a.page.close();
    await b.page.close();
  });

  it('a link to a lesson step opens it; a learner\'s own answer is kept and the link\'s offered', async () => {
    const a = await h.openApp(browser.context, server.url, '?lesson=joins&step=2');
    await h.lessonStepReady(a.page);
    await a.page.evaluate(() => window.playground.run('SELECT 1 AS from_the_link'));
    const { url } = await a.page.evaluate(() => window.playground.shareLink());
    // The learner who opens it already wrote something for that step.
    await a.page.evaluate(() => window.playground.run('SELECT 2 AS mine'));
    await a.page.evaluate(() => window.playground.openLesson('indexes', 1));   // keeps the answer, moves elsewhere
    await h.reopen(a.page, url);
    await h.lessonStepReady(a.page);
    const lesson = await a.page.evaluate(() => window.playground.lesson());
    assert.equal(lesson.lesson, 'joins');
    assert.equal(lesson.step, 2);
    assert.equal(await h.editorText(a.page), 'SELECT 2 AS mine', 'the learner\'s answer is not replaced');

    // Someone without an answer for that step gets the link's SQL in the editor.
    await a.page.evaluate(() => localStorage.clear());
    await h.reopen(a.page, url);
    await h.pollUntil(async () => (await h.editorText(a.page)) === 'SELECT 1 AS from_the_link', { what: 'the link\'s SQL', timeout: 30000 });
    h.assertNoErrors(a.errors);
    await a.page.close();
  });

  it('the Share button copies the link; an embed\'s Open full size opens its exercise in a new tab', async () => {
    const { page, errors } = await h.openApp(browser.context, server.url, '?sql=' + encodeURIComponent('SELECT \'shared\';'));
    await h.databaseReady(page);
    await h.settle(page);
    await page.mouse.click(636, 20);   // Share, in the toolbar
    const copied = await h.pollUntil(async () => {
      const text = await page.evaluate(() => navigator.clipboard.readText().catch(() => ''));
      return /\?s=1/.test(text) ? text : null;
    }, { what: 'the link on the clipboard' });
    await h.reopen(page, copied);
    assert.equal(await h.editorText(page), "SELECT 'shared';");
    h.assertNoErrors(errors);
    await page.close();

    const embed = await h.openApp(browser.context, server.url, q({ embed: '1', file: 'examples/shop.sql', sql: 'SELECT 1' }));
    await h.databaseReady(embed.page);
    await h.run(embed.page, 'SELECT name FROM customers ORDER BY id LIMIT 1');
    await h.settle(embed.page);
    const [full] = await Promise.all([
      browser.context.waitForEvent('page', { timeout: 15000 }),
      embed.page.mouse.click(355, 20),   // Open full size
    ]);
    await full.waitForFunction(() => window.playground, null, { timeout: 30000 });
    await h.withTimeout(full.evaluate(() => window.playground.ready), 60000, 'the full-size tab ready');
    assert.doesNotMatch(full.url(), /embed=1/);
    const text = await h.pollUntil(async () => {
      const t = await h.editorText(full);
      return t.includes('CREATE TABLE customers') ? t : null;
    }, { what: 'the full-size editor with the embed\'s setup and query', timeout: 30000 });
    assert.match(text, /-- The query\nSELECT name FROM customers ORDER BY id LIMIT 1$/);
    h.assertNoErrors(embed.errors);
    await full.close();
    await embed.page.close();
  });

  it('a damaged, newer or overlong link says so and leaves the editor alone', async () => {
    const { url } = await (async () => {
      const { page } = await h.openApp(browser.context, server.url, '?sql=' + encodeURIComponent('SELECT 42;'.repeat(20)));
      const link = await page.evaluate(() => window.playground.shareLink());
      await page.close();
      return link;
    })();
    const value = new URL(url).searchParams.get('s');
    const cases = [
      [value.slice(0, -6), /damaged/],
      ['9' + value.slice(1), /newer version of pgplay/],
      ['1' + 'A'.repeat(20000), /too long/],
    ];
    for (const [bad, why] of cases) {
      const { page, errors } = await h.openApp(browser.context, server.url, '?s=' + bad + '&sql=SELECT%20%27kept%27');
      const r = await waitForResult(page, 'the link\'s problem');
      assert.match(r.error.message, why);
      assert.equal(await h.editorText(page), "SELECT 'kept'");
      assert.deepEqual(await h.rows(page, 'SELECT 3'), [['3']]);
      h.assertNoErrors(errors);
      await page.close();
    }
  });
});
