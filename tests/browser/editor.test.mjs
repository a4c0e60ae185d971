// The app as a learner meets it: start-up, typing with real keyboard events into the editor
// (which has focus when the page opens), the clipboard, and an idle page that draws nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

describe('editor and start-up', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  it('starts: ready resolves and the canvas shows the UI', async () => {
    const { page, readyMs } = app;
    console.log(`navigation to playground.ready (cold profile): ${readyMs} ms`);
    console.log(`pgplayTimings: ${JSON.stringify(await page.evaluate(() => window.pgplayTimings))}`);
    assert.ok(readyMs < 60000);
    assert.equal(await page.evaluate(() => document.getElementById('pgplay-boot').hidden), true,
      'the boot overlay is hidden once the UI runs');
    const canvas = await page.evaluate(() => {
      const c = document.getElementById('pgplay-canvas');
      return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight };
    });
    assert.deepEqual(canvas, { w: 1280, h: 720, cssW: 1280, cssH: 720 }, 'backing store = CSS size x devicePixelRatio');
    await h.settle(page);
    const img = await h.screenshot(page, 'startup');
    const stats = h.regionStats(img);
    assert.ok(stats.distinctColors > 50, `the UI is drawn (distinct colours: ${stats.distinctColors})`);
    assert.ok(stats.nonBackground > 5000, `not a blank canvas (${stats.nonBackground} non-background pixels)`);
    h.assertNoErrors(app.errors);
  });

  it('types into the editor at once (initial focus) and runs with Ctrl+Enter', async () => {
    const { page } = app;
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'pgplay-input',
      'the editor input has keyboard focus when the page opens');
    assert.equal(await h.editorText(page), '');
    const sql = "SELECT 'grüße ñ é 中文 😀' AS greeting, NULL AS nothing, 42 AS n, '' AS empty;";
    await page.keyboard.type(sql);   // no click first: the initial focus must be enough
    // Every typed key must reach the editor without any further input.
    const typed = await h.pollUntil(async () => { const t = await h.editorText(page); return t === sql ? t : null; },
      { timeout: 10000, what: 'editor text equals what was typed' }).catch(async (err) => {
      await h.screenshot(page, 'typing-incomplete');
      throw new Error(`${err.message}; editorText: ${JSON.stringify(await h.editorText(page))}`);
    });
    assert.equal(typed, sql);
    await page.keyboard.press('Control+Enter');
    const result = await h.pollUntil(async () => {
      const r = await h.lastResult(page);
      return r && Array.isArray(r.results) && r.results.length ? r : null;
    }, { timeout: 15000, what: 'Ctrl+Enter gives a result' });
    assert.equal(result.ok, true, JSON.stringify(result.error));
    assert.equal(result.error, null);
    const s = result.results[0];
    assert.equal(s.command, 'SELECT');
    assert.equal(s.rowCount, 1);
    assert.deepEqual(s.fields.map((f) => [f.name, f.type]),
      [['greeting', 'text'], ['nothing', 'text'], ['n', 'int4'], ['empty', 'text']]);
    assert.deepEqual(s.rows, [['grüße ñ é 中文 😀', null, '42', '']], 'NULL is JSON null, distinct from the empty string');
    assert.equal(await h.editorText(page), sql, 'Ctrl+Enter runs and does not insert a newline');
    await h.settle(page);
    await h.screenshot(page, 'typed-and-run');
    h.assertNoErrors(app.errors);
  });

  it('keeps the hidden text area at the editor caret, where an IME opens its candidate window', async () => {
    const { page } = app;
    const box = () => page.evaluate(() => {
      const r = document.getElementById('pgplay-input').getBoundingClientRect();
      return { x: Math.round(r.left), y: Math.round(r.top), h: Math.round(r.height) };
    });
    await page.keyboard.press('End');
    await h.settle(page);
    const atEnd = await box();
    assert.ok(atEnd.x > 100 && atEnd.y > 20, `the area sits at the caret, not the page's corner: ${JSON.stringify(atEnd)}`);
    assert.ok(atEnd.h >= 10 && atEnd.h <= 30, `its height is the editor's line height: ${atEnd.h}`);
    await page.keyboard.press('Home');
    await page.keyboard.type('\n\n');
    await h.settle(page);
    const twoDown = await box();
    assert.ok(twoDown.x < atEnd.x, `back at the start of a line: ${JSON.stringify(twoDown)}`);
    assert.ok(Math.abs(twoDown.y - atEnd.y - 2 * atEnd.h) <= 6, `two lines lower: ${JSON.stringify({ atEnd, twoDown })}`);
    h.assertNoErrors(app.errors);
  });

  it('pastes with Ctrl+V and copies with Ctrl+C through the system clipboard', async () => {
    const { page } = app;
    const pasted = "SELECT 'pasted ✓ ü' AS p,\n  2 AS two;";
    await page.evaluate((t) => navigator.clipboard.writeText(t), pasted);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    const got = await h.pollUntil(async () => { const t = await h.editorText(page); return t === pasted ? t : null; },
      { timeout: 5000, what: 'pasted text in the editor' }).catch(async (err) => {
      throw new Error(`${err.message}; editorText: ${JSON.stringify(await h.editorText(page))}`);
    });
    assert.equal(got, pasted);

    await page.keyboard.type('\n-- more');
    const full = await h.pollUntil(async () => { const t = await h.editorText(page); return t.endsWith('-- more') ? t : null; },
      { timeout: 5000, what: 'typed after the paste' });
    assert.equal(full, pasted + '\n  -- more', 'Enter keeps the indentation of the line it ends');
    await page.evaluate(() => navigator.clipboard.writeText('stale clipboard'));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    const copied = await h.pollUntil(async () => {
      const t = await page.evaluate(() => navigator.clipboard.readText());
      return t !== 'stale clipboard' ? t : null;
    }, { timeout: 5000, what: 'Ctrl+C puts the editor text on the clipboard' });
    assert.equal(copied, await h.editorText(page));
    assert.equal(copied, full);
    h.assertNoErrors(app.errors);
  });

  it('draws no frames and uses almost no CPU while idle', async () => {
    const { page } = app;
    const r = await h.run(page, 'SELECT 1');
    assert.equal(r.ok, true);
    await page.mouse.move(5, 700);   // hover effects settle too
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await h.sleep(1000);
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const f0 = await page.evaluate(() => window.pgplayDebug.framesDrawn);
    const m0 = await metrics();
    await h.sleep(3000);
    const m1 = await metrics();
    const f1 = await page.evaluate(() => window.pgplayDebug.framesDrawn);
    await cdp.detach();
    const frames = f1 - f0;
    const task = m1.TaskDuration - m0.TaskDuration;
    const script = m1.ScriptDuration - m0.ScriptDuration;
    console.log(`idle over 3 s: ${frames} frames drawn, TaskDuration ${(task * 1000).toFixed(1)} ms, ScriptDuration ${(script * 1000).toFixed(1)} ms`);
    assert.ok(frames <= 2, `an idle page draws (almost) no frames: ${frames} in 3 s`);
    // Our code runs nothing while idle. The main thread's task time also holds Chromium's own
    // work, which a JS profile of these 3 s shows as "(program)" with no script at all: 50 to
    // 90 ms here, just over 100 ms in a fresh Debian root on the same machine.
    assert.ok(script < 0.02, `an idle page runs no script: ScriptDuration ${script.toFixed(3)} s in 3 s`);
    assert.ok(task < 0.25, `an idle page uses almost no CPU: TaskDuration ${task.toFixed(3)} s in 3 s`);
    h.assertNoErrors(app.errors);
  });
  it('applies a fast burst of typed text fully, with no further input', async () => {
    // Keys and text alternating (ASCII keys, then characters that arrive as text only) are
    // handled by ImGui one event per frame: the page must keep drawing frames until all of them
    // are through, not stop after a fixed number while events are still queued.
    const { page } = app;
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await h.pollUntil(async () => (await h.editorText(page)) === '', { what: 'editor cleared' });
    const sql = "SELECT '" + 'aé'.repeat(20) + "' AS s;";
    await page.keyboard.type(sql);
    const deadline = Date.now() + 8000;
    let text = await h.editorText(page);
    while (text !== sql && Date.now() < deadline) {
      await h.sleep(200);
      text = await h.editorText(page);
    }
    if (text !== sql) await h.screenshot(page, 'typing-burst-incomplete');
    assert.equal(text, sql, `all typed characters reach the editor without another input event (got ${text.length} of ${sql.length} characters)`);
    h.assertNoErrors(app.errors);
  });
});
