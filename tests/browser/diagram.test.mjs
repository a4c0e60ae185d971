// The ER diagram in the real app: after DDL it shows the tables and their foreign keys with the
// right cardinalities, and it follows the next DDL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const SCHEMA = `CREATE TABLE projects (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL UNIQUE);
CREATE TABLE tasks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL,
  project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  assigned_to uuid REFERENCES users (id) ON DELETE SET NULL);
CREATE TABLE profiles (user_id uuid PRIMARY KEY REFERENCES users (id), bio text);
CREATE TABLE tags (id int PRIMARY KEY, label text);
CREATE TABLE task_tags (task_id bigint REFERENCES tasks (id), tag_id int REFERENCES tags (id), PRIMARY KEY (task_id, tag_id));`;

const diagram = (page) => page.evaluate(() => window.playground.diagram());
const find = (m, from, to) => m.relationships.find((r) => r.from === from && r.to === to);

describe('ER diagram', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  it('shows the tables and their foreign keys after DDL, and follows the next DDL', async () => {
    const { page } = app;
    const made = await h.run(page, SCHEMA);
    assert.equal(made.ok, true, JSON.stringify(made.error));
    const m = await h.pollUntil(async () => {
      const d = await diagram(page);
      return d.loaded && d.entities.length === 6 ? d : null;
    }, { what: 'the schema model has the six tables' });
    assert.equal(find(m, 'projects', 'tasks').cardinality, 'one-to-many');
    assert.equal(find(m, 'projects', 'tasks').onDelete, 'CASCADE');
    assert.equal(find(m, 'users', 'tasks').optional, true);
    assert.equal(find(m, 'users', 'profiles').cardinality, 'one-to-one');
    assert.equal(find(m, 'tasks', 'tags').cardinality, 'many-to-many');
    assert.equal(find(m, 'tasks', 'tags').through, 'task_tags');
    await h.settle(page);
    const img = await h.screenshot(page, 'er-diagram');
    // The tables are drawn: the diagram area (right of the sidebar) is far from empty.
    const area = h.regionStats(img, { x: Math.round(img.width * 0.35), y: Math.round(img.height * 0.1) });
    assert.ok(area.nonBackground > area.total * 0.05, `boxes drawn (${area.nonBackground} of ${area.total} pixels)`);

    const more = await h.run(page, 'CREATE TABLE comments (id int PRIMARY KEY, task_id bigint NOT NULL REFERENCES tasks (id), body text)');
    assert.equal(more.ok, true);
    const after = await h.pollUntil(async () => {
      const d = await diagram(page);
      return d.entities.length === 7 ? d : null;
    }, { what: 'the diagram follows the new table' });
    assert.equal(find(after, 'tasks', 'comments').cardinality, 'one-to-many');
    await h.settle(page);
    const img2 = await h.screenshot(page, 'er-diagram-after-ddl');
    assert.ok(h.diffPixels(img, img2) > 1000, 'the picture changed');
    h.assertNoErrors(app.errors);
  });
});
