// An ORM lens step in the real app: the lesson pane shows the ORM's code and the queries it sends;
// Run both sends them for real, one round trip each (101 of them), beside the learner's SQL; the
// step's answer is one query, and Check counts it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';
import { lessonSteps } from './lesson-file.mjs';

const steps = lessonSteps('11-orm-and-n-plus-one.md');
const first = steps.findIndex((s) => s.orm);
const step = steps[first];

describe('ORM lens step', () => {
  let app;
  before(async () => {
    assert.ok(step, 'lesson 11 has an ORM lens step');
    app = await h.setupApp(`?lesson=orm-and-n-plus-one&step=${first + 1}`);
    await h.lessonStepReady(app.page);
  });
  after(async () => {
    await app?.teardown();
  });

  const lens = () => h.withTimeout(app.page.evaluate(() => window.playground.ormLens()), 60000, 'ormLens()');

  it('sends the ORM\'s queries one round trip each', async () => {
    const runs = await lens();
    assert.equal(runs.orm.error, null);
    assert.ok(runs.orm.queries > 50, JSON.stringify(runs));
    assert.ok(runs.orm.rows > runs.orm.queries - 1, JSON.stringify(runs));
    assert.ok(runs.orm.ms > 0 && runs.orm.dbMs > 0 && runs.orm.dbMs <= runs.orm.ms, JSON.stringify(runs.orm));
  });

  it('passes one query and measures it beside the ORM\'s', async () => {
    const ran = await h.run(app.page, step.solution);
    assert.equal(ran.ok, true, JSON.stringify(ran.error));
    const verdict = await h.withTimeout(app.page.evaluate(() => window.playground.check()), 60000, 'check()');
    assert.equal(verdict.pass, true, verdict.feedback);
    assert.ok(verdict.checks.some((c) => c.kind === 'queries' && c.pass));
    const runs = await lens();
    assert.equal(runs.yours.queries, 1);
    assert.equal(runs.yours.error, null);
    assert.ok(runs.orm.queries > 50);
    // A screen reader hears the lens and its numbers too.
    const spoken = await h.pollUntil(async () => {
      const t = await app.page.evaluate(() => document.getElementById('pgplay-a11y-lesson').textContent);
      return /Run both: the ORM, \d+ queries, .*; your SQL, 1 query, /.test(t) ? t : null;
    }, { what: 'the lens in the accessible text' });
    assert.match(spoken, /ORM lens, /);
    await h.settle(app.page);
    await h.screenshot(app.page, 'orm-lens-passed');
    h.assertNoErrors(app.errors);
  });

  it('counts the statements of an answer that still loops', async () => {
    await h.run(app.page, 'SELECT 1;\nSELECT 2;\nSELECT 3;');
    const verdict = await h.withTimeout(app.page.evaluate(() => window.playground.check()), 60000, 'check()');
    assert.equal(verdict.pass, false);
    assert.ok(verdict.checks.some((c) => c.kind === 'queries' && !c.pass && /sends 3 statements/.test(c.feedback)),
      JSON.stringify(verdict.checks));
  });
});
