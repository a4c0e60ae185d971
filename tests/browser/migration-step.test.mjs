// A migration step in the real app: the learner's script is up, "-- down", down; Check runs up,
// checks it, runs down and compares the catalog with the start, and runs up twice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const UP = "INSERT INTO schema_migrations VALUES ('002');\nALTER TABLE tasks ADD COLUMN due_on date;\n";
const DOWN = "ALTER TABLE tasks DROP COLUMN due_on;\nDELETE FROM schema_migrations WHERE version = '002';\n";

describe('migration step', () => {
  let app;
  before(async () => {
    app = await h.setupApp('?lesson=migrations&step=1');
    await h.lessonStepReady(app.page);
  });
  after(async () => {
    await app?.teardown();
  });

  // Each answer from the step's starting state, as Reset gives it: a run of the up part leaves
  // its version row behind, and a second run is refused, as it should be.
  const checkWith = async (sql) => {
    await app.page.evaluate(() => window.playground.openLesson('migrations', 1));
    await h.pollUntil(async () => {
      const s = await app.page.evaluate(() => window.playground.lesson());
      return s.open && !s.preparing ? s : null;
    }, { what: 'the step reset' });
    const ran = await h.run(app.page, sql);
    assert.equal(ran.ok, true, JSON.stringify(ran.error));
    return h.withTimeout(app.page.evaluate(() => window.playground.check()), 60000, 'check()');
  };

  it('asks for both halves when the down part is missing', async () => {
    const verdict = await checkWith(UP);
    assert.equal(verdict.pass, false);
    assert.match(verdict.feedback, /migration in two parts: the up migration, then a line `-- down`/);
  });

  it('names what a down migration left behind', async () => {
    const verdict = await checkWith(UP + '-- down\n' + 'ALTER TABLE tasks DROP COLUMN due_on;\n');
    assert.equal(verdict.pass, false);
    assert.match(verdict.feedback, /`public\.schema_migrations` has 2 rows, not 1\./);
    await h.settle(app.page);
    await h.screenshot(app.page, 'migration-down-incomplete');
  });

  it('passes up, down and the second run refused', async () => {
    const verdict = await checkWith(UP + '-- down\n' + DOWN);
    assert.equal(verdict.pass, true, verdict.feedback);
    assert.ok(verdict.checks.some((c) => c.kind === 'down restores' && c.pass));
    assert.ok(verdict.checks.some((c) => c.kind === 'reapply fails' && c.pass));
    // What stays in the lesson database is the up migration's work.
    const rows = await h.rows(app.page, "SELECT count(*)::int AS n FROM schema_migrations WHERE version = '002'");
    assert.equal(String(rows[0][0]), '1');
    h.assertNoErrors(app.errors);
  });
});
