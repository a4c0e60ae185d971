// The accessible layer (web/a11y.js): what a screen reader and find-in-page get from a canvas
// app, and the main actions by keyboard alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

describe('screen readers, find-in-page and the keyboard', () => {
  let app;
  before(async () => {
    app = await h.setupApp('?lesson=joins&step=1');
    await h.lessonStepReady(app.page);
  });
  after(async () => {
    await app?.teardown();
  });

  const text = (id) => app.page.evaluate((i) => document.getElementById(i).textContent, id);

  it('the lesson step, the result and the verdict are in the accessibility tree', async () => {
    const { page } = app;
    await h.run(page, "SELECT 1 AS one, 'Ada' AS name");
    await h.pollUntil(async () => (await text('pgplay-a11y-result')) !== '', { what: 'the result in words' });
    assert.equal(await text('pgplay-a11y-result'), '1 row, columns one, name. Row 1: one 1, name Ada.');
    const verdict = await h.withTimeout(page.evaluate(() => window.playground.check()), 30000, 'check');
    assert.equal(verdict.pass, false);
    await h.pollUntil(async () => (await text('pgplay-a11y-verdict')).startsWith('Not yet.'), { what: 'the verdict in words' });

    const tree = await page.locator('body').ariaSnapshot();
    assert.match(tree, /heading "Joins, step 1 of \d+: Tasks with their project"/);
    assert.match(tree, /List every task with the name of the project/);
    assert.match(tree, /status: "?1 row, columns one, name\. Row 1: one 1, name Ada\./);
    assert.match(tree, /alert: "?Not yet\./);
    assert.match(tree, /the task's title\s+first/, 'Markdown marks are not read out');
    for (const name of ['Run', 'Stop', 'Explain', 'Check', 'Hint', 'Next step', 'Share']) {
      assert.match(tree, new RegExp(`button "${name}"`), name);
    }
    // An error is read out with its code.
    await h.run(page, 'SELECT * FROM nowhere');
    await h.pollUntil(async () => (await text('pgplay-a11y-result')).startsWith('Error 42P01'), { what: 'the error in words' });
  });

  it('find-in-page reaches the lesson\'s text', async () => {
    assert.equal(await app.page.evaluate(() => window.find('the name of the project it belongs to')), true);
    assert.equal(await app.page.evaluate(() => window.find('words that are nowhere on the page')), false);
  });

  it('every main action is reachable by keyboard: Escape then Tab leaves the editor', async () => {
    const { page } = app;
    await page.mouse.click(700, 150);   // the editor
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT 40 + 2 AS answer');
    await page.keyboard.press('Tab');   // Tab alone stays in the editor (it indents)
    // ImGui takes typed keys one per frame: wait until the editor has them all.
    await h.pollUntil(async () => /^SELECT 40 \+ 2 AS answer\s+$/.test(await h.editorText(page)), { what: 'the typed text' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'pgplay-input');
    await page.keyboard.press('Escape');
    await h.sleep(100);
    assert.match(await h.editorText(page), /^SELECT 40 \+ 2 AS answer/, 'Escape keeps what was typed');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ action: document.activeElement.dataset.action,
      width: document.getElementById('pgplay-actions').getBoundingClientRect().width }));
    assert.equal(focused.action, 'run');
    assert.ok(focused.width > 100, 'the bar shows while it has focus');
    await page.keyboard.press('Enter');   // Run
    const r = await h.pollUntil(async () => {
      const last = await h.lastResult(page);
      return last && last.results[0] && last.results[0].fields?.[0]?.name === 'answer' ? last : null;
    }, { what: 'the script run from the Run button' });
    assert.deepEqual(r.results[0].rows, [['42']]);
    // On to Check, by Tab: the lesson's buttons are there while a step is open.
    await page.keyboard.press('Tab');   // Stop
    await page.keyboard.press('Tab');   // Explain
    await page.keyboard.press('Tab');   // Check
    assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'check');
    await page.keyboard.press('Escape');   // back to the editor
    assert.equal(await page.evaluate(() => document.activeElement.id), 'pgplay-input');
    const hidden = await page.evaluate(() => document.getElementById('pgplay-actions').getBoundingClientRect().width);
    assert.ok(hidden <= 1, 'the bar is out of sight again');
    h.assertNoErrors(app.errors);
  });

  it('the colours follow the system\'s light or dark setting, also while the page is open', async () => {
    const { page } = app;
    const brightness = async (name) => {
      await h.settle(page);
      const img = await h.screenshot(page, name);
      const bg = h.regionStats(img, { x: 0, y: 400, w: 300, h: 200 }).background;   // under the lesson text
      return ((bg >> 16) + ((bg >> 8) & 255) + (bg & 255)) / 3;
    };
    assert.ok(await brightness('theme-dark') < 60, 'dark when the system is');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.ok(await brightness('theme-light') > 200, 'light when the system is');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.ok(await brightness('theme-dark-again') < 60);
    h.assertNoErrors(app.errors);
  });
});
