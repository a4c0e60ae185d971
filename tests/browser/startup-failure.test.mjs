// When pgplay cannot run at all (no WebGL2, pgplay.js or its WebAssembly missing, a crash before
// PostgreSQL is up), an embedding page must hear why instead of waiting forever: ready rejects
// with a readable Error, run() answers with the reason, the page says it in words, and an embed
// posts {type:'playground:error', message} to its parent.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

// A page of another origin with the app in an iframe; its messages are collected in window.got.
function parentHtml(appUrl) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>parent</title><link rel="icon" href="data:,"></head><body>
<iframe id="embed" src="${appUrl}?embed=1" width="800" height="400"></iframe>
<script>
  window.got = [];
  window.addEventListener('message', (e) => { window.got.push(e.data); });
</script>
</body></html>`;
}

// Makes WebGL2 unavailable, in every frame of the page.
function withoutWebGl2() {
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    return type === 'webgl2' ? null : original.call(this, type, ...rest);
  };
}

// How window.playground.ready settles in a page or frame, within `ms`.
function readyOutcome(target, ms = 20000) {
  return h.withTimeout(target.evaluate(async () => {
    for (let i = 0; i < 200 && !(window.playground && window.playground.ready); i++) await new Promise((r) => setTimeout(r, 50));
    return window.playground.ready.then(
      () => ({ settled: 'resolved' }),
      (err) => ({ settled: 'rejected', isError: err instanceof Error, message: String(err && err.message) }));
  }), ms, 'window.playground.ready to settle');
}

async function bootText(target) {
  return target.evaluate(() => {
    const boot = document.getElementById('pgplay-boot');
    return boot && !boot.hidden ? boot.textContent.replace(/\s+/g, ' ').trim() : '';
  });
}

// Expected noise: the refused file, and the WebAssembly loader's own warnings.
const LOAD_NOISE = [/Failed to load resource/];

describe('start-up failures', () => {
  let server, browser, parent;
  before(async () => {
    server = await h.startServer();
    browser = await h.launchBrowser(server.origin);
    parent = await h.startPageServer({ '/parent.html': parentHtml(server.url) });
  });
  after(async () => {
    await browser?.close();
    await parent?.close();
    await server?.close();
  });

  // Opens the app in an iframe of the parent page, with `prepare(page)` done first; returns the
  // parent's first playground:error message, the frame's ready outcome and boot text.
  async function embedded(prepare) {
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    await prepare(page);
    await page.goto(parent.origin + '/parent.html');
    const message = await h.withTimeout(page.waitForFunction(
      () => window.got.find((m) => m && m.type === 'playground:error'), null, { timeout: 20000 })
      .then((handle) => handle.jsonValue()), 25000, 'playground:error at the parent');
    const frame = page.frames().find((f) => f.url().startsWith(server.url));
    assert.ok(frame, 'the embed frame');
    const outcome = await readyOutcome(frame);
    const boot = await bootText(frame);
    const got = await page.evaluate(() => window.got);
    return { page, errors, message, outcome, boot, got };
  }

  it('without WebGL2: ready rejects with the reason, run() answers it, the parent hears it', async () => {
    // Top level: the page nobody embeds.
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    await page.addInitScript(withoutWebGl2);
    await page.goto(server.url);
    const outcome = await readyOutcome(page);
    assert.equal(outcome.settled, 'rejected');
    assert.equal(outcome.isError, true, 'rejects with an Error');
    assert.match(outcome.message, /WebGL2 is not available/);
    const r = await h.run(page, 'SELECT 1', 5000);
    assert.equal(r.ok, false);
    assert.equal(r.error.sqlstate, 'XX000');
    assert.match(r.error.message, /WebGL2/);
    assert.match(await bootText(page), /WebGL2 is not available in this browser/);
    await h.screenshot(page, 'no-webgl2');
    await h.sleep(300);
    h.assertNoErrors(errors);   // no "unhandled rejection" for a ready nobody awaited
    await page.close();

    const e = await embedded((p) => p.addInitScript(withoutWebGl2));
    assert.match(e.message.message, /WebGL2 is not available/);
    assert.equal(e.outcome.settled, 'rejected');
    assert.match(e.outcome.message, /WebGL2/);
    assert.match(e.boot, /WebGL2/);
    assert.ok(!e.got.some((m) => m && m.type === 'playground:ready'), 'never announced ready');
    h.assertNoErrors(e.errors);
    await e.page.close();
  });

  it('pgplay.js fails to load: ready rejects, the page and the parent say so', async () => {
    const e = await embedded((p) => p.route('**/assets/pgplay.*.js', (route) => route.abort()));
    assert.match(e.message.message, /pgplay could not load: the file pgplay\.js is missing or failed to load/);
    assert.equal(e.outcome.settled, 'rejected');
    assert.equal(e.outcome.isError, true);
    assert.match(e.outcome.message, /pgplay\.js/);
    assert.match(e.boot, /pgplay could not load/);
    h.assertNoErrors(e.errors, LOAD_NOISE);
    await e.page.close();
  });

  it('pgplay.wasm fails to load: ready rejects with the loader\'s reason', async () => {
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    await page.route('**/assets/pgplay.*.wasm', (route) => route.abort());
    await page.goto(server.url);
    const outcome = await readyOutcome(page);
    assert.equal(outcome.settled, 'rejected');
    assert.match(outcome.message, /pgplay could not load its WebAssembly module/);
    assert.match(await bootText(page), /pgplay could not load/);
    h.assertNoErrors(errors, LOAD_NOISE);
    await page.close();
  });

  it('a shader program the browser refuses: a message, not a black canvas', async () => {
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    // No real driver refuses pgplay's shaders here, so the link status is made to say no.
    await page.addInitScript(() => {
      const original = WebGL2RenderingContext.prototype.getProgramParameter;
      WebGL2RenderingContext.prototype.getProgramParameter = function (program, pname) {
        return pname === this.LINK_STATUS ? false : original.call(this, program, pname);
      };
    });
    await page.goto(server.url);
    const outcome = await readyOutcome(page);
    assert.equal(outcome.settled, 'rejected');
    assert.match(outcome.message, /shader program/);
    assert.match(await bootText(page), /pgplay could not set up its drawing/);
    h.assertNoErrors(errors);
    await page.close();
  });

  it('a crash before PostgreSQL is ready: ready rejects, the boot screen says what happened', async () => {
    const page = await browser.context.newPage();
    const errors = h.watchErrors(page);
    // A WebAssembly trap cannot be caused on purpose from outside, so the module's frame
    // function is made to trap the way an abort surfaces in JavaScript.
    await page.addInitScript(() => {
      let factory;
      Object.defineProperty(window, 'createPgplayModule', {
        configurable: true,
        set(v) { factory = v; },
        get() {
          return factory && ((config) => factory(config).then((M) => {
            M._pgplay_frame = () => { throw new WebAssembly.RuntimeError('unreachable executed (test crash)'); };
            return M;
          }));
        },
      });
    });
    await page.goto(server.url);
    const outcome = await readyOutcome(page);
    assert.equal(outcome.settled, 'rejected');
    assert.match(outcome.message, /pgplay stopped because of an internal error: unreachable executed \(test crash\)/);
    assert.match(await bootText(page), /internal error/);
    const r = await h.run(page, 'SELECT 1', 5000);
    assert.equal(r.error.sqlstate, 'XX000');
    h.assertNoErrors(errors, [/pgplay stopped/]);
    await page.close();
  });
});
