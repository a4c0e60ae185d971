// The editor's IDE habits, driven with real key presses as a learner types them: completion from
// the live schema (the list appears under the caret, Tab or Enter or a click accepts, Escape
// closes), undo and redo by word, and the editing shortcuts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

describe('editor habits', () => {
  let app;
  before(async () => {
    app = await h.setupApp();
    const r = await h.run(app.page,
      'CREATE TABLE users (id int PRIMARY KEY, email text, name text);\n' +
      'CREATE TABLE orders (id int, user_id int REFERENCES users, total numeric)');
    assert.equal(r.ok, true, JSON.stringify(r.error));
  });
  after(async () => { await app?.teardown(); });

  // Empties the editor the way a learner does: a click into it (a run from the API may have
  // just given the editor new text, and its keyboard focus comes back a frame later), then
  // select all and Delete.
  async function clearEditor(page) {
    await page.mouse.move(800, 250);
    await h.settle(page, 100);
    await page.mouse.click(800, 250);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await h.pollUntil(async () => (await h.editorText(page)) === '' || null, { what: 'the editor is empty' });
  }

  async function typed(page, text) {
    return h.pollUntil(async () => { const t = await h.editorText(page); return t === text ? t : null; },
      { timeout: 10000, what: `editor text ${JSON.stringify(text)}` }).catch(async (err) => {
      throw new Error(`${err.message}; the editor has ${JSON.stringify(await h.editorText(page))}`);
    });
  }

  it('completes a table after FROM: the list shows under the caret and Tab accepts', async () => {
    const { page } = app;
    await clearEditor(page);
    await h.settle(page);
    const before = h.decodePng(await page.screenshot());
    await page.keyboard.type('SELECT * FROM us');
    await typed(page, 'SELECT * FROM us');
    await h.settle(page);
    const withList = await h.screenshot(page, 'completion-popup');
    // The list is drawn below the first line of the editor (right of the sidebar, under the
    // script tabs): that region changes while it shows, and only then.
    const region = { x: 400, y: 108, w: 500, h: 110 };
    const changed = h.diffPixels(before, withList, region);
    assert.ok(changed > 2000, `the completion list is drawn under the caret (${changed} pixels changed)`);
    await page.keyboard.press('Tab');
    assert.equal(await typed(page, 'SELECT * FROM users'), 'SELECT * FROM users', 'Tab inserts the table, not a tab');
    await h.settle(page);
    const after = h.decodePng(await page.screenshot());
    assert.ok(h.diffPixels(before, after, region) < 200, 'the list is gone once accepted');
    h.assertNoErrors(app.errors);
  });

  it('offers the columns of an alias, moves with the arrows and accepts with Enter', async () => {
    const { page } = app;
    await clearEditor(page);
    await page.keyboard.type('SELECT o.');
    await h.settle(page);
    await page.keyboard.type(' FROM orders o');   // the FROM comes after the cursor, as it often does
    // Back to just after "o." and ask for the list.
    for (let i = 0; i < ' FROM orders o'.length; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Space');
    await h.settle(page);
    await h.screenshot(page, 'completion-alias-columns');
    await page.keyboard.press('ArrowDown');   // id -> user_id
    await page.keyboard.press('Enter');
    assert.equal(await typed(page, 'SELECT o.user_id FROM orders o'), 'SELECT o.user_id FROM orders o',
      'Enter accepts the highlighted column and adds no newline');
  });

  it('Escape closes the list and the text stays as typed; functions get their parentheses', async () => {
    const { page } = app;
    await clearEditor(page);
    await page.keyboard.type('SELECT coal');
    await h.settle(page);
    await page.keyboard.press('Escape');
    await h.settle(page);
    await page.keyboard.press('Enter');   // with the list closed, Enter is a newline again
    assert.equal(await typed(page, 'SELECT coal\n'), 'SELECT coal\n');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('e');
    await h.settle(page);
    await page.keyboard.press('Tab');
    assert.equal(await typed(page, 'SELECT coalesce()'), 'SELECT coalesce()');
    await page.keyboard.type('1, 2');   // the cursor is between the parentheses
    assert.equal(await typed(page, 'SELECT coalesce(1, 2)'), 'SELECT coalesce(1, 2)');
  });

  it('sees a table created a moment ago (the schema is read again after DDL)', async () => {
    const { page } = app;
    const r = await h.run(page, 'CREATE TABLE invoices (id int, amount numeric)');
    assert.equal(r.ok, true);
    await clearEditor(page);
    await page.keyboard.type('TABLE inv');
    await h.settle(page);
    await page.keyboard.press('Tab');
    assert.equal(await typed(page, 'TABLE invoices'), 'TABLE invoices');
    h.assertNoErrors(app.errors);
  });

  it('undoes a typed word at a time and redoes with Ctrl+Shift+Z and Ctrl+Y', async () => {
    const { page } = app;
    await clearEditor(page);
    await page.keyboard.type('SELECT id FROM users', { delay: 20 });
    await typed(page, 'SELECT id FROM users');
    await page.keyboard.press('Escape');   // the completion list, if any, closes first
    await page.keyboard.press('Control+Z');
    assert.equal(await typed(page, 'SELECT id FROM '), 'SELECT id FROM ', 'one Ctrl+Z takes back the last word');
    await page.keyboard.press('Control+Z');
    assert.equal(await typed(page, 'SELECT id '), 'SELECT id ');
    await page.keyboard.press('Control+Shift+Z');
    assert.equal(await typed(page, 'SELECT id FROM '), 'SELECT id FROM ');
    await page.keyboard.press('Control+Y');
    assert.equal(await typed(page, 'SELECT id FROM users'), 'SELECT id FROM users');
    // Emptying the editor (select all, Delete) is one step too.
    await clearEditor(page);
    await page.keyboard.press('Control+Z');
    assert.equal(await typed(page, 'SELECT id FROM users'), 'SELECT id FROM users');
  });

  it('toggles a comment with Ctrl+/, indents with Tab and keeps the indentation on Enter', async () => {
    const { page } = app;
    await clearEditor(page);
    await page.keyboard.type('SELECT 1;');
    await page.keyboard.press('Control+Slash');
    assert.equal(await typed(page, '-- SELECT 1;'), '-- SELECT 1;');
    await page.keyboard.press('Control+Slash');
    assert.equal(await typed(page, 'SELECT 1;'), 'SELECT 1;');
    await clearEditor(page);
    await page.keyboard.type('CREATE TABLE t (');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.keyboard.type('id int,');
    await page.keyboard.press('Enter');
    await page.keyboard.type('note text');
    assert.equal(await typed(page, 'CREATE TABLE t (\n  id int,\n  note text'), 'CREATE TABLE t (\n  id int,\n  note text',
      'Enter after ( indents one level, the next line keeps it');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Tab');
    assert.equal(await typed(page, '  CREATE TABLE t (\n    id int,\n    note text'), '  CREATE TABLE t (\n    id int,\n    note text',
      'Tab indents every selected line');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await typed(page, 'CREATE TABLE t (\n  id int,\n  note text'), 'CREATE TABLE t (\n  id int,\n  note text');
    await h.settle(page);
    await h.screenshot(page, 'editor-indented');
    h.assertNoErrors(app.errors);
  });

  it('finds and replaces (Ctrl+H), and Ctrl+Shift+F formats the script', async () => {
    const { page } = app;
    await clearEditor(page);
    await page.keyboard.type('select id from orders where id > 1');
    await page.keyboard.press('Escape');
    await typed(page, 'select id from orders where id > 1');
    await page.keyboard.press('Control+H');
    await h.settle(page);
    await page.keyboard.type('id');
    await page.keyboard.press('Tab');          // to the replacement
    await page.keyboard.type('user_id');
    await h.settle(page);
    await h.screenshot(page, 'find-replace');
    await page.keyboard.press('Enter');        // replaces the first match, then the next
    await page.keyboard.press('Enter');
    assert.equal(await typed(page, 'select user_id from orders where user_id > 1'), 'select user_id from orders where user_id > 1');
    await page.keyboard.press('Escape');       // closes the bar, back in the editor (a frame later)
    await h.settle(page);
    await page.keyboard.press('Control+Z');    // one replacement at a time comes back
    assert.equal(await typed(page, 'select user_id from orders where id > 1'), 'select user_id from orders where id > 1');
    await page.keyboard.press('Control+Shift+F');
    assert.equal(await typed(page, 'SELECT user_id\nFROM orders\nWHERE id > 1'), 'SELECT user_id\nFROM orders\nWHERE id > 1');
    await page.keyboard.press('Control+Z');
    assert.equal(await typed(page, 'select user_id from orders where id > 1'), 'select user_id from orders where id > 1',
      'formatting is one undo step');
    h.assertNoErrors(app.errors);
  });
});
