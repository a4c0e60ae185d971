// The learner's sandbox is stored in the browser: a reload keeps exactly what was committed, Stop
// reopens the stored database (so volatile values and sequence positions come back exactly), a
// second tab gets a temporary database and says so, and an embed never opens the stored one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as h from './harness.mjs';

const { database, rows, reopen } = h;

describe('stored sandbox', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  it('a reload keeps the committed tables and rows, and drops an open transaction', async () => {
    const { page } = app;
    assert.equal((await database(page)).storageNote, '', 'the first tab stores its database');
    await rows(page, `CREATE TABLE keepme (id int PRIMARY KEY, note text);
INSERT INTO keepme VALUES (1, 'kept'), (2, 'also kept');
BEGIN; INSERT INTO keepme VALUES (3, 'never committed')`);
    await reopen(page, app.server.url);
    assert.deepEqual(await rows(page, 'SELECT id, note FROM keepme ORDER BY id'), [['1', 'kept'], ['2', 'also kept']]);
    h.assertNoErrors(app.errors);
  });

  it('Stop brings back exactly what was committed: the same random values, UUIDs, times and sequence positions', async () => {
    const { page } = app;
    const made = `CREATE TABLE volatile AS SELECT random() AS r, gen_random_uuid() AS u, clock_timestamp() AS t;
CREATE TABLE counted (id serial PRIMARY KEY, label text);
INSERT INTO counted (label) VALUES ('one');
BEGIN; INSERT INTO counted (label) VALUES ('rolled back'); ROLLBACK;
INSERT INTO counted (label) VALUES ('three')`;
    await rows(page, made);
    const before = await rows(page, 'SELECT r::text, u::text, t::text FROM volatile');
    assert.deepEqual(await rows(page, 'SELECT id, label FROM counted ORDER BY id'), [['1', 'one'], ['3', 'three']]);

    const stopped = await page.evaluate(async () => {
      const pending = window.playground.run('SELECT pg_sleep(600)');
      await new Promise((r) => setTimeout(r, 500));
      window.playground.cancel();
      return pending;
    });
    assert.equal(stopped.error.sqlstate, '57014');
    assert.match(stopped.error.detail, /stored in this browser/);
    const status = await h.databaseReady(page, { timeout: 30000, what: 'PostgreSQL back after Stop' });
    assert.match(status.message, /exactly as they were/);

    assert.deepEqual(await rows(page, 'SELECT r::text, u::text, t::text FROM volatile'), before);
    assert.deepEqual(await rows(page, 'SELECT id, label FROM counted ORDER BY id'), [['1', 'one'], ['3', 'three']]);
    // The next value goes on from there. After a crash PostgreSQL itself may skip up to 32 values
    // (a sequence logs that many ahead in the WAL), and this is a crash to it: so at least 4.
    const next = Number((await rows(page, "INSERT INTO counted (label) VALUES ('four') RETURNING id"))[0][0]);
    assert.ok(next >= 4 && next <= 36, `the sequence goes on after 3 (got ${next})`);
    h.assertNoErrors(app.errors);
  });

  it('a second tab works on a temporary database and says so; the first keeps its own', async () => {
    const second = await app.context.newPage();
    const errors = h.watchErrors(second);
    try {
      await reopen(second, app.server.url);
      const status = await database(second);
      assert.match(status.storageNote, /Another pgplay tab has your database open/);
      const missing = await h.run(second, 'SELECT count(*) FROM keepme');
      assert.equal(missing.error?.sqlstate, '42P01', 'the stored tables are not in the temporary database');
      await rows(second, 'CREATE TABLE only_in_second_tab (id int)');
      await h.settle(second);
      await h.screenshot(second, 'sandbox-second-tab');
    } finally {
      await second.close();
    }
    const { page } = app;
    assert.deepEqual(await rows(page, 'SELECT count(*) FROM keepme'), [['2']]);
    const gone = await h.run(page, 'SELECT 1 FROM only_in_second_tab');
    assert.equal(gone.error?.sqlstate, '42P01');
    h.assertNoErrors(errors);
  });

  // PGlite's conversion modules break the engine (scripts/lib/make-engine-data.mjs leaves them
  // out): a conversion is an error with a word on why, and the database goes on answering.
  it('an encoding conversion is refused with a reason, and the database keeps answering', async () => {
    const { page } = app;
    const refused = await h.run(page, "SELECT convert_to('café', 'LATIN1')");
    assert.match(refused.error?.message ?? '', /library/);
    assert.match(refused.error.detail, /UTF-8 only/);
    assert.deepEqual(await rows(page, "SELECT encode(convert_to('é', 'UTF8'), 'hex')"), [['c3a9']]);
    h.assertNoErrors(app.errors);
  });

  it('an embed has a database of its own, in memory, and never opens the stored one', async () => {
    const embed = await app.context.newPage();
    const errors = h.watchErrors(embed);
    try {
      await reopen(embed, app.server.url + '?embed=1');
      assert.equal((await database(embed)).storageNote, '', 'in memory by design, nothing to warn about');
      const missing = await h.run(embed, 'SELECT count(*) FROM keepme');
      assert.equal(missing.error?.sqlstate, '42P01');
    } finally {
      await embed.close();
    }
    h.assertNoErrors(errors);
  });
});

// Regression (issue 9): opening a lesson dropped every schema of the one database the learner's
// own tables lived in.
describe('lessons have a database of their own', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  it('opening and checking a lesson step leaves the sandbox, and its script, as they were', async () => {
    const { page } = app;
    await rows(page, `DROP TABLE IF EXISTS mywork;
CREATE TABLE mywork (id int); INSERT INTO mywork VALUES (1), (2)`);
    const script = await page.evaluate(() => window.playground.editorText());
    await h.pollUntil(() => page.evaluate(() => window.playground.lesson().loaded), { what: 'lessons loaded' });
    const first = (await page.evaluate(() => window.playground.lesson().lessons[0].id));

    const opened = await page.evaluate((id) => window.playground.openLesson(id, 1), first);
    assert.equal(opened.open, true);
    await h.lessonStepReady(page);
    const verdict = await h.withTimeout(page.evaluate(() => window.playground.check()), 30000, 'check');
    assert.equal(typeof verdict.pass, 'boolean');
    const inLesson = await h.run(page, 'SELECT count(*) FROM mywork');
    assert.equal(inLesson.error?.sqlstate, '42P01', 'the lesson does not see the sandbox');
    await h.settle(page);
    await h.screenshot(page, 'lesson-own-database');

    const closed = await page.evaluate(() => window.playground.closeLesson());
    assert.equal(closed.open, false);
    assert.equal((await database(page)).database, 'sandbox');
    assert.equal(await page.evaluate(() => window.playground.editorText()), script, 'the sandbox script is back');
    assert.deepEqual(await rows(page, 'SELECT count(*) FROM mywork'), [['2']]);

    // A learner who left the lesson comes back to the sandbox, not to the lesson.
    await reopen(page, app.server.url);
    assert.equal((await database(page)).database, 'sandbox');
    await h.pollUntil(() => page.evaluate(() => window.playground.lesson().loaded), { what: 'lessons loaded' });
    assert.equal((await page.evaluate(() => window.playground.lesson())).open, false);
    assert.deepEqual(await rows(page, 'SELECT count(*) FROM mywork'), [['2']]);
    h.assertNoErrors(app.errors);
  });
});

describe('the sandbox as a file: download, reset, open', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  const waitFor = (page, message, what) => h.databaseReady(page, { message, what });

  it('a downloaded database opens again exactly, survives a reload, and a bad file changes nothing', async () => {
    const { page } = app;
    await rows(page, `DROP TABLE IF EXISTS moved;
CREATE TABLE moved AS SELECT random() AS r, gen_random_uuid() AS u FROM generate_series(1, 3)`);
    const before = await rows(page, 'SELECT r::text, u::text FROM moved ORDER BY u');

    const [download, saved] = await Promise.all([
      page.waitForEvent('download', { timeout: 30000 }),
      page.evaluate(() => window.playground.downloadDatabase()),
    ]);
    assert.match(saved.name, /^pgplay-database-\d{4}-\d\d-\d\d\.tar\.gz$/);
    assert.equal(download.suggestedFilename(), saved.name);
    const bytes = await readFile(await download.path());
    assert.equal(bytes.length, saved.bytes);
    assert.deepEqual([...bytes.subarray(0, 2)], [0x1f, 0x8b], 'gzip');
    await waitFor(page, /^Saved pgplay-database-/, 'the saved notice');

    await page.evaluate(() => window.playground.resetDatabase());
    await waitFor(page, /empty now/, 'the reset database');
    assert.equal((await h.run(page, 'SELECT 1 FROM moved')).error?.sqlstate, '42P01');

    await page.evaluate(({ data, name }) => {
      const raw = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      window.playground.openDatabase(new File([raw], name, { type: 'application/gzip' }));
    }, { data: bytes.toString('base64'), name: saved.name });
    await waitFor(page, /^Opened pgplay-database-/, 'the opened file');
    assert.deepEqual(await rows(page, 'SELECT r::text, u::text FROM moved ORDER BY u'), before);

    await reopen(page, app.server.url);
    assert.deepEqual(await rows(page, 'SELECT r::text, u::text FROM moved ORDER BY u'), before, 'stored after opening');

    await page.evaluate(() => window.playground.openDatabase(new File(['not a database'], 'notes.txt')));
    const refused = await waitFor(page, /could not be opened/, 'the refusal');
    assert.match(refused.message, /^notes\.txt could not be opened .*; your database is as it was$/);
    assert.deepEqual(await rows(page, 'SELECT r::text, u::text FROM moved ORDER BY u'), before);
    h.assertNoErrors(app.errors);
  });
  // The toolbar's Database menu at pgplay's default 1280x720 layout: the menu under its button,
  // then the confirmation in the middle of the screen.
  it('the Database menu asks before Reset: Cancel keeps the database, Reset empties it', async () => {
    const { page } = app;
    await rows(page, 'DROP TABLE IF EXISTS kept_until_reset; CREATE TABLE kept_until_reset (n int)');
    const openResetConfirmation = async () => {
      await page.mouse.click(560, 20);     // Database
      await h.settle(page);
      await page.mouse.click(590, 98);     // Reset database…
      await h.settle(page);
    };
    await openResetConfirmation();
    await h.screenshot(page, 'sandbox-reset-confirmation');
    await page.mouse.click(727, 418);      // Cancel
    await h.settle(page);
    assert.deepEqual(await rows(page, 'SELECT count(*) FROM kept_until_reset'), [['0']]);

    await openResetConfirmation();
    await page.mouse.click(513, 418);      // Reset database
    await waitFor(page, /empty now/, 'the reset database');
    assert.equal((await h.run(page, 'SELECT 1 FROM kept_until_reset')).error?.sqlstate, '42P01');
    h.assertNoErrors(app.errors);
  });
});

describe('extensions PGlite ships load on demand', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  it('CREATE EXTENSION works without a word more, keeps the data, and is there after a reload', async () => {
    const { page } = app;
    // The worker's requests too: the context sees every request of the page's workers.
    const requested = [];
    app.context.on('request', (r) => requested.push(r.url()));
    await reopen(page, app.server.url);
    const bundles = () => requested.filter((u) => /\/vendor\/pglite-[^/]+\//.test(u) && u.endsWith('.tar.gz'));
    assert.deepEqual(bundles(), [], 'no extension is in the first download');
    assert.ok(requested.some((u) => /\/assets\/initial-db\.[0-9a-f]{12}\.tar\.gz$/.test(u)), 'the starting database is');
    assert.ok(!requested.some((u) => u.endsWith('/initdb.wasm')), 'so initdb is not needed');
    assert.ok(!requested.some((u) => u.endsWith('/pglite.data')), "nor PGlite's whole file bundle, with initdb's files");
    assert.ok(requested.some((u) => /\/assets\/pglite-runtime\.[0-9a-f]{12}\.data$/.test(u)), 'the bundle without them is');
    await rows(page, `DROP TABLE IF EXISTS words; DROP EXTENSION IF EXISTS pg_trgm; DROP EXTENSION IF EXISTS earthdistance;
DROP EXTENSION IF EXISTS cube; CREATE TABLE words (w text); INSERT INTO words VALUES ('postgres'), ('postgis')`);

    const inBlock = await h.run(page, 'BEGIN; CREATE EXTENSION pg_trgm');
    assert.equal(inBlock.error?.sqlstate, '0A000', 'inside a transaction block the error stands (no rollback behind the learner)');
    await rows(page, 'ROLLBACK');

    assert.deepEqual(await rows(page, `CREATE EXTENSION pg_trgm;
SELECT w, round(similarity(w, 'postgress')::numeric, 2)::text FROM words ORDER BY 2 DESC`),
    [['postgres', '0.73'], ['postgis', '0.38']]);
    await rows(page, 'CREATE EXTENSION earthdistance CASCADE');   // needs cube: a second bundle
    assert.deepEqual(await rows(page, "SELECT extname FROM pg_extension WHERE extname IN ('cube', 'earthdistance', 'pg_trgm') ORDER BY 1"),
      [['cube'], ['earthdistance'], ['pg_trgm']]);
    assert.ok(bundles().some((u) => u.endsWith('/pg_trgm.tar.gz')) && bundles().some((u) => u.endsWith('/cube.tar.gz')));

    await reopen(page, app.server.url);
    assert.deepEqual(await rows(page, "SELECT round(similarity('postgres', 'postgress')::numeric, 2)::text"), [['0.73']]);
    const unknown = await h.run(page, 'CREATE EXTENSION no_such_thing');
    assert.equal(unknown.error?.sqlstate, '0A000');
    assert.match(unknown.error.message, /extension "no_such_thing" is not available/);
    h.assertNoErrors(app.errors);
  });
});

// A first visit stores the starting database behind its first queries (db-worker.js,
// writeFirstInBackground): a tab closed meanwhile leaves part of it, without global/pg_control,
// which the store writes last. Made here by hand, as exactly that state.
describe('a store left half-written', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  it('the next visit starts over from the starting database, and keeps what comes next', async () => {
    const { page } = app;
    await page.goto(app.server.url + 'favicon.svg');   // away from the app: its worker lets the store go
    await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      for (let tries = 0; ; tries++) {   // until the app's worker has ended and let go of its files
        try {
          await root.removeEntry('pgplay-sandbox', { recursive: true });
          break;
        } catch (err) {
          if (tries > 50) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const store = await root.getDirectoryHandle('pgplay-sandbox', { create: true });
      const version = await (await store.getFileHandle('PG_VERSION', { create: true })).createWritable();
      await version.write('17\n');
      await version.close();
      await store.getDirectoryHandle('base', { create: true });
      await store.getDirectoryHandle('global', { create: true });
    });
    await reopen(page, app.server.url);
    assert.equal((await database(page)).storageNote, '', 'stored again, not a temporary database');
    await rows(page, 'CREATE TABLE after_a_cut (id int); INSERT INTO after_a_cut VALUES (7)');
    await reopen(page, app.server.url);
    assert.deepEqual(await rows(page, 'SELECT id FROM after_a_cut'), [['7']]);
    h.assertNoErrors(app.errors, [/status of 404/]);   // the browser asks the bare SVG page for /favicon.ico
  });
});

// Storage that fails (a private window, a quota error, a browser without OPFS): here PGlite's
// OPFS file system cannot be loaded at all, a fault the browser cannot be asked for otherwise.
describe('when the browser cannot store the database', () => {
  let server;
  let browser;
  before(async () => {
    server = await h.startServer();
    browser = await h.launchBrowser(server.origin);
    await browser.context.route('**/vendor/pglite-*/fs/memfs2opfs.js', (route) => route.abort());
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('pgplay runs on a temporary database and says the work will not be kept', async () => {
    const { page, errors } = await h.openApp(browser.context, server.url);
    const status = await h.databaseReady(page);
    assert.match(status.storageNote, /could not be stored in this browser.*temporary one, and what you do here is not kept/);
    assert.deepEqual(await rows(page, 'CREATE TABLE scratch (n int); INSERT INTO scratch VALUES (1); SELECT n FROM scratch'), [['1']]);
    await h.settle(page);
    const shot = await h.screenshot(page, 'sandbox-storage-unavailable');
    assert.ok(shot.width > 0);
    h.assertNoErrors(errors, [/memfs2opfs|Failed to load resource|ERR_FAILED/]);
  });
});
