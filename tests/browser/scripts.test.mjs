// The sandbox keeps its scripts: the editor's text survives a reload, a .sql file dropped on the
// page opens as a named tab, the tabs switch the editor between scripts, and a link's SQL opens
// in a tab of its own instead of overwriting the learner's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

describe('sandbox scripts', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  async function reload(page, query = '') {
    await page.waitForTimeout(600);   // the page stores scripts a moment after the last change
    await page.goto(app.server.url + query, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.playground && window.playground.ready);
    await page.evaluate(() => window.playground.ready.then(() => true));
    await h.settle(page);
  }

  // ImGui presses a tab under a pointer it saw the frame before: hover first, then click.
  async function clickAt(page, x, y) {
    await page.mouse.move(x, y);
    await h.settle(page, 150);
    await page.mouse.click(x, y);
  }

  function editorIs(page, text) {
    return h.pollUntil(async () => ((await h.editorText(page)) === text ? { text } : null),
      { what: `editor text ${JSON.stringify(text)}` }).then((found) => found.text).catch(async (err) => {
      throw new Error(`${err.message}; the editor has ${JSON.stringify(await h.editorText(page))}`);
    });
  }

  it('keeps the editor text across a reload', async () => {
    const { page } = app;
    await page.keyboard.type("SELECT 'kept';");
    await editorIs(page, "SELECT 'kept';");
    await reload(page);
    assert.equal(await editorIs(page, "SELECT 'kept';"), "SELECT 'kept';");
    h.assertNoErrors(app.errors);
  });

  it('opens a dropped .sql file as a named tab, switches tabs, and keeps them all', async () => {
    const { page } = app;
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['CREATE TABLE dropped (n int);\n'], 'shop setup.sql', { type: 'application/sql' }));
      document.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await editorIs(page, 'CREATE TABLE dropped (n int);\n');
    await h.settle(page);
    await h.screenshot(page, 'scripts-tabs');
    // The first tab (its label starts just right of the sidebar, in the row above the editor).
    await clickAt(page, 405, 57);
    await editorIs(page, "SELECT 'kept';");
    // "+" after the two tabs: a new, empty script.
    await clickAt(page, 591, 57);
    await editorIs(page, '');
    await page.keyboard.type('SELECT 3');
    await editorIs(page, 'SELECT 3');
    await reload(page);
    assert.equal(await editorIs(page, 'SELECT 3'), 'SELECT 3', 'the active script comes back active');
    await clickAt(page, 510, 57);
    assert.equal(await editorIs(page, 'CREATE TABLE dropped (n int);\n'), 'CREATE TABLE dropped (n int);\n');
    h.assertNoErrors(app.errors);
  });

  it('opens a link\'s SQL in a tab of its own and leaves the scripts as they were', async () => {
    const { page } = app;
    await reload(page, '?sql=' + encodeURIComponent('SELECT 42 AS answer'));
    assert.equal(await editorIs(page, 'SELECT 42 AS answer'), 'SELECT 42 AS answer');
    await clickAt(page, 405, 57);
    assert.equal(await editorIs(page, "SELECT 'kept';"), "SELECT 'kept';", 'the first script is untouched');
    h.assertNoErrors(app.errors);
  });

  it('two tabs of pgplay follow each other\'s scripts instead of overwriting them', async () => {
    const { page } = app;
    await reload(page);
    const other = await app.context.newPage();
    try {
      await other.goto(app.server.url, { waitUntil: 'domcontentloaded' });
      await other.waitForFunction(() => window.playground && window.playground.ready);
      await other.evaluate(() => window.playground.ready.then(() => true));
      const shownThere = await h.editorText(other);
      // Typed in this tab (brought to the front: a page behind another gets no keys), the same
      // script changes in the other one.
      await page.bringToFront();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(' -- edited in tab one');
      const now = await editorIs(page, shownThere + ' -- edited in tab one');
      assert.equal(await h.pollUntil(async () => ((await h.editorText(other)) === now ? now : null),
        { what: 'the other tab shows the edit' }), now);
    } finally {
      await other.close();
    }
    h.assertNoErrors(app.errors);
  });

  it('renames a script (double-click its tab) and downloads it as a .sql file (right-click menu)', async () => {
    const { page } = app;
    await page.bringToFront();   // the test before left another page in front
    await reload(page);
    await clickAt(page, 405, 57);   // the first script
    await editorIs(page, "SELECT 'kept'; -- edited in tab one");
    await h.sleep(600);   // apart from that click, or ImGui counts three clicks as a double and a single
    await page.mouse.dblclick(405, 57);
    await h.settle(page);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('orders report');
    await page.keyboard.press('Enter');
    await h.settle(page);
    await page.keyboard.press('Control+End');   // the editor has the keyboard again after the dialog
    await page.keyboard.type(' ');
    await editorIs(page, "SELECT 'kept'; -- edited in tab one ");
    await page.mouse.move(420, 57);
    await h.settle(page, 150);
    await page.mouse.click(420, 57, { button: 'right' });
    await h.settle(page);
    await h.screenshot(page, 'scripts-menu');
    // "Download as .sql", the second item of the menu that opened at the pointer.
    const [download] = await Promise.all([page.waitForEvent('download'), clickAt(page, 480, 120)]);
    assert.equal(download.suggestedFilename(), 'orders-report.sql');
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    assert.equal(await readFile(path, 'utf8'), "SELECT 'kept'; -- edited in tab one ");
    h.assertNoErrors(app.errors);
  });
});
