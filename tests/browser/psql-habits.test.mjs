// psql's meta-commands in the real app over PGlite: \d NAME draws psql's title, columns and
// footers in the grid, \x shows the next results as records, an unknown command gets psql's
// error and the database stays usable.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

describe('psql meta-commands', () => {
  let app;
  before(async () => {
    app = await h.setupApp();
    const r = await h.run(app.page,
      "CREATE TABLE users (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, name text DEFAULT 'anon');\n" +
      'CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users ON DELETE CASCADE, total numeric(10,2) CHECK (total >= 0));\n' +
      "INSERT INTO users (email, name) VALUES ('ann@example.com', 'Ann'), ('bo@example.com', NULL);");
    assert.equal(r.ok, true, JSON.stringify(r.error));
  });
  after(async () => { await app?.teardown(); });

  it('\\d users: psql\'s title, columns and footers, drawn in the grid', async () => {
    const { page } = app;
    const r = await h.run(page, '\\d users');
    assert.equal(r.ok, true, JSON.stringify(r.error));
    const d = r.results[0];
    assert.equal(d.title, 'Table "public.users"');
    assert.deepEqual(d.fields.map((f) => f.name), ['Column', 'Type', 'Collation', 'Nullable', 'Default']);
    assert.deepEqual(d.rows.map((row) => row.slice(0, 2)), [['id', 'integer'], ['email', 'text'], ['name', 'text']]);
    assert.ok(d.footer.includes('Indexes:'), JSON.stringify(d.footer));
    assert.ok(d.footer.some((l) => l.includes('"users_pkey" PRIMARY KEY, btree (id)')), JSON.stringify(d.footer));
    assert.ok(d.footer.some((l) => l.startsWith('Referenced by:')), JSON.stringify(d.footer));
    await h.settle(page);
    const img = await h.screenshot(page, 'psql-describe');
    // The footer lines are drawn under the grid (the lower part of the results pane is not blank).
    const stats = h.regionStats(img, { x: 380, y: 580, w: 880, h: 90 });
    assert.ok(stats.nonBackground > 500, `footer lines drawn: ${stats.nonBackground} non-background pixels`);
    h.assertNoErrors(app.errors);
  });

  it('\\dt lists the tables; \\x shows the next results as records', async () => {
    const { page } = app;
    const r = await h.run(page, '\\dt\n\\x\nSELECT * FROM users ORDER BY id;');
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.results[0].title, 'List of relations');
    assert.deepEqual(r.results[0].rows.map((row) => row[1]), ['orders', 'users']);
    assert.equal(r.results[1].tag, 'Expanded display is on.');
    assert.equal(r.results[2].expanded, true);
    await h.settle(page);
    await h.screenshot(page, 'psql-expanded');
    const back = await h.run(page, '\\x');
    assert.equal(back.results[0].tag, 'Expanded display is off.');
  });

  it('an unknown command gets psql\'s words, and the database answers afterwards', async () => {
    const { page } = app;
    const r = await h.run(page, 'SELECT 1;\n\\frobnicate\nSELECT 2;');
    assert.equal(r.ok, false);
    assert.equal(r.error.message, 'invalid command \\frobnicate');
    assert.equal(r.error.hint, 'Try \\? for help.');
    assert.equal(r.results.length, 1, 'what came before it ran, nothing after it');
    const missing = await h.run(page, '\\d nosuch');
    assert.equal(missing.ok, false);
    assert.equal(missing.error.message, 'Did not find any relation named "nosuch".');
    assert.deepEqual((await h.run(page, 'SELECT 1')).results[0].rows, [['1']]);
    h.assertNoErrors(app.errors);
  });
});
