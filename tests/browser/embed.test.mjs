// The app as other pages use it: URL parameters, an <iframe> driven by postMessage, and an
// embedding page whose own inputs keep their keys.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

// A blog page on another origin (127.0.0.1 instead of localhost) with a text box and the app
// in an iframe. Its messages from the iframe are collected in window.got.
function blogHtml(appUrl) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>blog</title><link rel="icon" href="data:,"></head><body>
<p>My post</p>
<input id="box" autofocus>
<iframe id="embed" src="${appUrl}?embed=1" width="900" height="420"></iframe>
<script>
  window.got = [];
  window.addEventListener('message', (e) => { window.got.push(e.data); });
  document.getElementById('box').focus();
</script>
</body></html>`;
}

// A long post with the embed far below the fold.
function belowTheFoldHtml(appUrl, query = '') {
  return `<!doctype html><html><head><meta charset="utf-8"><title>long post</title><link rel="icon" href="data:,"></head><body>
<div style="height:4000px">A long introduction.</div>
<iframe id="embed" src="${appUrl}?embed=1${query}" width="900" height="420"></iframe>
<script>
  window.got = [];
  window.addEventListener('message', (e) => { window.got.push(e.data); });
</script>
</body></html>`;
}

describe('embedding', () => {
  let server, browser, blog;
  before(async () => {
    server = await h.startServer();
    browser = await h.launchBrowser(server.origin);
    blog = await h.startPageServer({ '/post.html': blogHtml(server.url), '/long.html': belowTheFoldHtml(server.url),
      '/long-race.html': belowTheFoldHtml(server.url, '&race=lost-update') });
  });
  after(async () => {
    await browser?.close();
    await blog?.close();
    await server?.close();
  });

  it('?sql=...&run=1 prefills the editor and runs it', async () => {
    const { page, errors } = await h.openApp(browser.context, server.url, '?sql=SELECT%2042&run=1');
    const r = await h.pollUntil(async () => {
      const last = await h.lastResult(page);
      return last && last.results && last.results.length ? last : null;
    }, { timeout: 15000, what: 'the URL query has run' });
    assert.equal(r.ok, true);
    assert.deepEqual(r.results[0].rows, [['42']]);
    assert.equal(await h.editorText(page), 'SELECT 42');
    h.assertNoErrors(errors);
    await page.close();
  });

  it('?sql= without run=1 only prefills; a malformed ?sql= does not break the page', async () => {
    const { page, errors } = await h.openApp(browser.context, server.url, '?sql=SELECT+%27a%26b%27%3B');
    assert.equal(await h.editorText(page), "SELECT 'a&b';");
    await h.sleep(300);
    assert.equal(await h.lastResult(page), null, 'nothing runs without run=1');
    await page.close();
    h.assertNoErrors(errors);

    const bad = await h.openApp(browser.context, server.url, '?sql=%E0%A4%A&run=1');
    assert.equal(typeof (await h.editorText(bad.page)), 'string');
    const r = await h.run(bad.page, 'SELECT 1');
    assert.equal(r.ok, true);
    await h.settle(bad.page);
    const img = await h.screenshot(bad.page, 'malformed-url');
    assert.ok(h.regionStats(img).distinctColors > 50, 'the UI is drawn');
    h.assertNoErrors(bad.errors);
    await bad.page.close();
  });

  it('answers postMessage requests from a parent page; ignores garbage messages; leaves its keys alone', async () => {
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    await page.goto(blog.origin + '/post.html');
    await page.waitForFunction(() => window.got.some((m) => m && m.type === 'playground:ready'), null, { timeout: 60000 });
    const frame = page.frames().find((f) => f.url().startsWith(server.url));
    assert.ok(frame, 'the embed frame');

    // Keys: the embed must not take focus from the page around it.
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'box',
      'the blog page keeps focus when the embed starts');
    const editorBefore = await frame.evaluate(() => window.playground.editorText());
    await page.keyboard.type('hello, embed');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Backspace');
    assert.equal(await page.evaluate(() => document.getElementById('box').value), 'hello, embe', 'keys land in the input');
    await h.sleep(300);
    assert.equal(await frame.evaluate(() => window.playground.editorText()), editorBefore, 'the playground editor is unchanged');
    assert.equal(await frame.evaluate(() => window.playground.lastResult()), null, 'Enter in the page ran nothing');

    // Garbage first, then a real request: the answer carries the id.
    const answer = await h.withTimeout(page.evaluate(() => new Promise((resolve) => {
      const w = document.getElementById('embed').contentWindow;
      const replies = [];
      window.addEventListener('message', (e) => {
        if (e.data && e.data.type === 'playground:result') {
          replies.push(e.data);
          if (e.data.id === 7) resolve({ replies, others: window.got.filter((m) => !m || m.type !== 'playground:result') });
        }
      });
      for (const junk of ['playground:run', null, undefined, 42, [1, 2], { type: 'playground:bogus', id: 3 },
        { type: 'playground:run', id: 4 }, { type: 'playground:run', id: 5, sql: 42 }, { type: 7 }, { type: 'playground:result', id: 6 },
        { type: 'other:thing' }]) {
        w.postMessage(junk, '*');
      }
      w.postMessage({ type: 'playground:run', id: 7, sql: 'SELECT 5' }, '*');
    })), 20000, 'playground:result for id 7');
    assert.equal(answer.replies.length, 1, 'only the real request is answered with a result');
    const reply = answer.replies[0];
    assert.equal(reply.type, 'playground:result');
    assert.equal(reply.id, 7);
    assert.equal(reply.result.ok, true);
    assert.deepEqual(reply.result.results[0].rows, [['5']]);
    assert.ok(answer.others.some((m) => m && m.type === 'playground:ready'));
    assert.ok(answer.others.some((m) => m && m.type === 'playground:resize' && typeof m.height === 'number' && m.height > 0),
      'the embed tells its height');

    // Other requests by message.
    const more = await h.withTimeout(page.evaluate(() => new Promise((resolve) => {
      const w = document.getElementById('embed').contentWindow;
      const out = {};
      window.addEventListener('message', (e) => {
        if (e.data && e.data.type === 'playground:result' && (e.data.id === 'text' || e.data.id === 'last')) {
          out[e.data.id] = e.data.result;
          if ('text' in out && 'last' in out) resolve(out);
        }
      });
      w.postMessage({ type: 'playground:editorText', id: 'text' }, '*');
      w.postMessage({ type: 'playground:lastResult', id: 'last' }, '*');
    })), 10000, 'editorText and lastResult by message');
    assert.equal(more.text, 'SELECT 5');
    assert.deepEqual(more.last.results[0].rows, [['5']]);

    // Idle: an embed on a blog page draws nothing.
    await h.sleep(1000);
    const f0 = await frame.evaluate(() => window.pgplayDebug.framesDrawn);
    await h.sleep(2000);
    const f1 = await frame.evaluate(() => window.pgplayDebug.framesDrawn);
    console.log(`idle embed: ${f1 - f0} frames in 2 s`);
    assert.ok(f1 - f0 <= 2, `an idle embed draws (almost) no frames: ${f1 - f0}`);
    await h.screenshot(page, 'embed');
    h.assertNoErrors(errors);
    await page.close();
  });

  // PostgreSQL starts when the reader comes near, clicks, or the page asks.
  it('an embed out of view waits for the reader, says so, and downloads nothing meanwhile', async () => {
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    const requested = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(blog.origin + '/long.html');
    const waiting = await page.waitForFunction(() => window.got.find((m) => m && m.type === 'playground:waiting'), null,
      { timeout: 30000 }).then((handle) => handle.jsonValue());
    assert.match(waiting.message, /comes into view/);
    await h.sleep(1500);
    assert.equal(await page.evaluate(() => window.got.some((m) => m && m.type === 'playground:ready')), false, 'not started yet');
    assert.ok(!requested.some((u) => u.endsWith('/pglite.wasm')), 'PostgreSQL is not downloaded before it is wanted');
    h.assertNoErrors(errors);
    await page.close();
  });

  // The page's request starts it, and the answer comes while it is still out of view (the
  // browser gives it no animation frames there).
  it('an embed out of view answers its page without being scrolled to', async () => {
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    await page.goto(blog.origin + '/long.html');
    await page.waitForFunction(() => window.got.some((m) => m && m.type === 'playground:waiting'), null, { timeout: 30000 });
    const reply = await h.withTimeout(page.evaluate(() => new Promise((resolve) => {
      window.addEventListener('message', (e) => {
        if (e.data && e.data.type === 'playground:result' && e.data.id === 'far') resolve(e.data.result);
      });
      document.getElementById('embed').contentWindow.postMessage({ type: 'playground:run', id: 'far', sql: 'SELECT 6 * 7' }, '*');
    })), 60000, 'an answer from the embed below the fold');
    assert.equal(reply.ok, true);
    assert.deepEqual(reply.results[0].rows, [['42']]);
    assert.ok(await page.evaluate(() => window.got.some((m) => m && m.type === 'playground:ready')), 'it said it is ready');
    assert.ok(await page.evaluate(() => window.scrollY) < 100, 'the page was not scrolled');
    h.assertNoErrors(errors);
    await page.close();
  });

  it('a race embed out of view starts no PostgreSQL either, until the reader comes', async () => {
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    const requested = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(blog.origin + '/long-race.html');
    await page.waitForFunction(() => window.got.some((m) => m && m.type === 'playground:waiting'), null, { timeout: 30000 });
    await h.sleep(2000);
    assert.ok(!requested.some((u) => u.endsWith('/pglite.wasm')), 'nothing downloaded for the race');
    await page.evaluate(() => document.getElementById('embed').scrollIntoView());
    const frame = page.frames().find((f) => f.url().includes('race=lost-update'));
    const state = await h.pollUntil(async () => {
      const s = await frame.evaluate(() => window.playground.raceState());
      return s && s.id === 'lost-update' ? s : null;
    }, { timeout: 60000, what: 'the race open once in view' });
    assert.ok(state.total > 0);
    const played = await h.withTimeout(frame.evaluate(() => window.playground.race('lost-update')), 60000, 'the race played');
    assert.ok(Array.isArray(played) && played.some((s) => s.check), JSON.stringify(played).slice(0, 200));
    h.assertNoErrors(errors);
    await page.close();
  });

  it('an embed out of view starts when the reader scrolls to it', async () => {
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    await page.goto(blog.origin + '/long.html');
    await page.waitForFunction(() => window.got.some((m) => m && m.type === 'playground:waiting'), null, { timeout: 30000 });
    await page.evaluate(() => document.getElementById('embed').scrollIntoView());
    await page.waitForFunction(() => window.got.some((m) => m && m.type === 'playground:ready'), null, { timeout: 60000 });
    h.assertNoErrors(errors);
    await page.close();
  });

  // The full-size app holds the learner's stored database: a site that opens it (or a window
  // that is not an embed's parent) must not read it by message. Its own origin still may.
  it('answers only its own origin when full-size, and only its parent when embedded', async () => {
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    await page.goto(blog.origin + '/post.html');
    await page.waitForFunction(() => window.got.some((m) => m && m.type === 'playground:ready'), null, { timeout: 60000 });
    const opened = {};
    for (const [name, query] of [['full', ''], ['embed', '?embed=1']]) {
      const [popup] = await Promise.all([
        page.waitForEvent('popup'),
        page.evaluate(([url, n]) => { window[n] = window.open(url, n); }, [server.url + query, name]),
      ]);
      await popup.waitForFunction(() => window.playground, null, { timeout: 30000 });
      await h.withTimeout(popup.evaluate(() => window.playground.ready.then(() => true)), 60000, `${name} ready`);
      opened[name] = popup;
    }
    // The blog page asks both windows it opened for the editor's text: neither answers.
    const answers = await page.evaluate(() => new Promise((resolve) => {
      const got = [];
      window.addEventListener('message', (e) => {
        if (e.data && e.data.type === 'playground:result') got.push(e.data.id);
      });
      window.full.postMessage({ type: 'playground:editorText', id: 'from-opener' }, '*');
      window.embed.postMessage({ type: 'playground:run', id: 'run-by-opener', sql: 'SELECT 1' }, '*');
      setTimeout(() => resolve(got), 3000);
    }));
    assert.deepEqual(answers, [], 'no answer to a page of another origin');
    assert.equal(await opened.embed.evaluate(() => window.playground.lastResult()), null, 'nothing ran');
    // A page of pgplay's own origin is answered (here the app itself).
    const own = await h.withTimeout(opened.full.evaluate(() => new Promise((resolve) => {
      window.addEventListener('message', (e) => {
        if (e.data && e.data.type === 'playground:result' && e.data.id === 'own') resolve(e.data.result);
      });
      window.postMessage({ type: 'playground:editorText', id: 'own' }, window.location.origin);
    })), 10000, 'an answer to its own origin');
    assert.equal(typeof own, 'string');
    for (const popup of Object.values(opened)) await popup.close();
    h.assertNoErrors(errors);
    await page.close();
  });
});
