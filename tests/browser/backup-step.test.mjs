// pg_dump in the real app: pglite-tools' pg_dump runs in the database worker, on the learner's
// own database, and leaves the session as it was; a backup lesson step's Check runs the learner's
// pg_dump, the accident, and the restore.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';
import { lessonSteps } from './lesson-file.mjs';

const steps = lessonSteps('17-backups.md');
const first = steps.findIndex((s) => s.accident);
const step = steps[first];

describe('pg_dump and a backup step', () => {
  let app;
  before(async () => {
    app = await h.setupApp();
    await h.databaseReady(app.page);
  });
  after(async () => {
    await app?.teardown();
  });

  it('prints a dump of the sandbox, a line a row, and leaves the session usable', async () => {
    const made = await h.run(app.page, "CREATE TABLE notes (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text);\n" +
      "INSERT INTO notes (body) VALUES ('it''s here'), (NULL);\nSET search_path = public, pg_catalog;\n" +
      'PREPARE note_count AS SELECT count(*)::int FROM notes;');
    assert.equal(made.ok, true, JSON.stringify(made.error));
    const dump = await h.run(app.page, 'pg_dump --table=notes');
    assert.equal(dump.ok, true, JSON.stringify(dump.error));
    const lines = dump.results[0].rows.map((r) => r[0]);
    assert.ok(lines.some((l) => l.startsWith('CREATE TABLE public.notes')), lines.slice(0, 40).join('\n'));
    assert.ok(lines.some((l) => l.startsWith('INSERT INTO public.notes') && l.includes("'it''s here'")));
    await h.settle(app.page);
    await h.screenshot(app.page, 'pg-dump-lines');
    // The learner's own setting is back, and the database answers as before.
    const after = await h.rows(app.page, 'SHOW search_path');
    assert.equal(after[0][0], 'public, pg_catalog');
    const count = await h.rows(app.page, 'SELECT count(*)::int FROM notes');
    assert.equal(Number(count[0][0]), 2);
    // pg_dump deallocates every prepared statement; the learner's are prepared again.
    const prepared = await h.rows(app.page, 'EXECUTE note_count');
    assert.equal(Number(prepared[0][0]), 2);
  });

  it('says which options it cannot take, and refuses inside an open transaction', async () => {
    const custom = await h.run(app.page, 'pg_dump -Fc');
    assert.equal(custom.ok, false);
    assert.equal(custom.error.sqlstate, 'PGDMP');
    assert.match(custom.error.message, /only the plain format/);
    await h.run(app.page, 'BEGIN');
    const inside = await h.run(app.page, 'pg_dump');
    assert.equal(inside.ok, false);
    assert.match(inside.error.message, /inside an open transaction/);
    await h.run(app.page, 'ROLLBACK');
    const missing = await h.run(app.page, 'pg_dump --table=nowhere');
    assert.equal(missing.ok, false);
    assert.match(missing.error.message, /no matching tables were found/);
  });

  it('checks a backup step: dump, accident, restore', { skip: !step && 'lesson 17 has no backup step yet' }, async () => {
    await app.page.evaluate((n) => window.playground.openLesson('backups', n), first + 1);
    await h.lessonStepReady(app.page);
    await h.run(app.page, step.starter ?? 'pg_dump --schema-only');
    let verdict = await h.withTimeout(app.page.evaluate(() => window.playground.check()), 60000, 'check()');
    assert.equal(verdict.pass, false);
    await h.run(app.page, step.solution);
    verdict = await h.withTimeout(app.page.evaluate(() => window.playground.check()), 60000, 'check()');
    assert.equal(verdict.pass, true, verdict.feedback);
    await h.settle(app.page);
    await h.screenshot(app.page, 'backup-step-passed');
    h.assertNoErrors(app.errors);
  });
});
