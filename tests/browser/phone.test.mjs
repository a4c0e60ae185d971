// pgplay on a phone (390x844) and a tablet (820x1180), with Chromium's touch emulation: one
// column on the phone, taps that click and open the keyboard only for the editor, drags that
// scroll, a pinch that changes the text size. Screenshots go to build/test-artifacts/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import * as h from './harness.mjs';

async function device(server, width, height) {
  const profile = mkdtempSync(join(tmpdir(), 'pgplay-touch-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: h.CHROMIUM_ARGS,
    viewport: { width, height }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: 'dark',
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function open(context, url) {
  const page = context.pages()[0] || await context.newPage();
  const errors = h.watchErrors(page);
  await page.goto(url);
  await page.waitForFunction(() => window.playground, null, { timeout: 30000 });
  await h.withTimeout(page.evaluate(() => window.playground.ready), 60000, 'ready');
  return { page, errors };
}

// One finger (or two) through the DevTools protocol: Playwright's touchscreen only taps.
async function touchPath(page, paths, steps = 8) {
  const cdp = await page.context().newCDPSession(page);
  const at = (i) => paths.map((p, id) => ({
    x: p.from.x + ((p.to.x - p.from.x) * i) / steps, y: p.from.y + ((p.to.y - p.from.y) * i) / steps, id,
  }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(i) });
    await h.sleep(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

const activeId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

describe('phones and tablets', () => {
  let server;
  before(async () => {
    server = await h.startServer();
  });
  after(async () => {
    await server?.close();
  });

  it('a phone gets one column: the lesson, then the SQL, by tabs and taps', async () => {
    const phone = await device(server, 390, 844);
    try {
      const { page, errors } = await open(phone.context, server.url + '?lesson=joins&step=1');
      await h.lessonStepReady(page);
      await h.settle(page);
      const lesson = await h.screenshot(page, 'phone-390-lesson');
      assert.ok(h.regionStats(lesson).distinctColors > 50, 'drawn');

      await page.touchscreen.tap(97, 115);   // the SQL tab
      await h.settle(page);
      await page.touchscreen.tap(200, 200);   // the editor
      assert.equal(await activeId(page), 'pgplay-input', 'a tap in the editor opens the keyboard');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('SELECT 6 * 7 AS answer');
      await h.pollUntil(async () => (await h.editorText(page)) === 'SELECT 6 * 7 AS answer', { what: 'the typed text' });
      await page.touchscreen.tap(35, 19);   // Run
      const r = await h.pollUntil(async () => {
        const last = await h.lastResult(page);
        return last && last.ok && last.results[0]?.fields[0]?.name === 'answer' ? last : null;
      }, { what: 'the tapped Run' });
      assert.deepEqual(r.results[0].rows, [['42']]);
      await h.settle(page);
      await h.screenshot(page, 'phone-390-sql');
      await page.touchscreen.tap(200, 700);   // the results: not a text field
      assert.notEqual(await activeId(page), 'pgplay-input', 'a tap outside the editor closes the keyboard');
      h.assertNoErrors(errors);
    } finally {
      await phone.close();
    }
  });

  it('a drag scrolls the grid; two fingers pinch the text size', async () => {
    const phone = await device(server, 390, 844);
    try {
      const { page, errors } = await open(phone.context, server.url + '?sql=' + encodeURIComponent('SELECT g FROM generate_series(1, 300) g') + '&run=1');
      await h.pollUntil(async () => (await h.lastResult(page))?.results?.[0]?.rows?.length === 300, { what: 'the rows', timeout: 60000 });
      await h.settle(page);
      const grid = { x: 40, y: 1000, w: 680, h: 500 };   // device pixels (the screenshot is at 2x)
      const before = await h.screenshot(page, 'phone-grid-before');
      await touchPath(page, [{ from: { x: 200, y: 760 }, to: { x: 200, y: 560 } }]);   // finger up: scroll down
      await h.settle(page);
      const scrolled = await h.screenshot(page, 'phone-grid-scrolled');
      assert.ok(h.diffPixels(before, scrolled, grid) > 500, 'the rows moved under the finger');

      await touchPath(page, [
        { from: { x: 150, y: 400 }, to: { x: 100, y: 350 } },
        { from: { x: 240, y: 480 }, to: { x: 290, y: 530 } },
      ]);
      await h.settle(page);
      const zoom = Number(await page.evaluate(() => localStorage.getItem('pgplay-text-zoom')));
      assert.ok(zoom > 1.2, `pinched wider, the text grows (zoom ${zoom})`);
      await h.screenshot(page, 'phone-pinched');
      // Kept for the next visit, and the app still answers.
      await page.reload();
      await h.withTimeout(page.evaluate(() => window.playground.ready), 60000, 'ready after reload');
      assert.equal(Number(await page.evaluate(() => localStorage.getItem('pgplay-text-zoom'))), zoom);
      assert.deepEqual((await h.run(page, 'SELECT 1')).results[0].rows, [['1']]);
      h.assertNoErrors(errors);
    } finally {
      await phone.close();
    }
  });

  it('a tablet keeps the lessons beside the editor', async () => {
    const tablet = await device(server, 820, 1180);
    try {
      const { page, errors } = await open(tablet.context, server.url + '?lesson=joins&step=2');
      await h.lessonStepReady(page);
      await h.settle(page);
      await h.screenshot(page, 'tablet-820-lesson');
      await page.touchscreen.tap(600, 150);   // the editor, right of the lesson
      assert.equal(await activeId(page), 'pgplay-input');
      h.assertNoErrors(errors);
    } finally {
      await tablet.close();
    }
  });
});
