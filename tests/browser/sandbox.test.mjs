// The learner's sandbox is stored in the browser: a reload keeps exactly what was committed, Stop
// reopens the stored database (so volatile values and sequence positions come back exactly), a
// second tab gets a temporary database and says so, and an embed never opens the stored one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const database = (page) => page.evaluate(() => window.playground.database());
const rows = async (page, sql) => {
  const r = await h.run(page, sql);
  assert.equal(r.ok, true, JSON.stringify(r.error));
  return r.results.at(-1).rows;
};
async function reopen(page, url) {
  await page.goto(url);
  await h.withTimeout(page.evaluate(() => window.playground.ready), 60000, 'ready');
  await h.pollUntil(async () => (await database(page))?.state === 'ready', { timeout: 30000, what: 'PostgreSQL ready' });
}

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
    const status = await h.pollUntil(async () => {
      const s = await database(page);
      return s.state === 'ready' ? s : null;
    }, { timeout: 30000, what: 'PostgreSQL back after Stop' });
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
