// A race-backed lesson step in the real app: the step's race stands in the work area, seeded with
// the starter; the learner's race (here put in the editor, as "Edit as text" shows it) is played
// again in the lanes, and Check plays it on the lesson database and reads what it left.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';
import { lessonSteps } from './lesson-file.mjs';

const steps = lessonSteps('08-isolation-and-locking.md');
const first = steps.findIndex((s) => s.race);
const step = steps[first];
const statements = (script) => script.split('\n').filter((l) => /^\s*[A-Z][A-Za-z0-9]*:/.test(l)).length;

describe('race step', () => {
  let app;
  before(async () => {
    assert.ok(step, 'lesson 08 has a race step');
    app = await h.setupApp(`?lesson=isolation-and-locking&step=${first + 1}`);
    await h.lessonStepReady(app.page);
  });
  after(async () => {
    await app?.teardown();
  });

  const raceSettled = (count) => h.pollUntil(async () => {
    const s = await app.page.evaluate(() => window.playground.raceState());
    return s && !s.playing && s.steps.length === count ? s : null;
  }, { timeout: 30000, what: `the race view playing ${count} statements` });

  it('opens the step with its race beside the task, played from the starter', async () => {
    const race = await raceSettled(statements(step.starter));
    assert.equal(race.id, step.race);
    assert.equal(race.failure, null);
    assert.equal(race.edited, false);
    assert.equal(statements(await h.editorText(app.page)), statements(step.starter));
    await h.settle(app.page);
    const shot = await h.screenshot(app.page, 'race-step-starter');
    // Lanes are drawn: the work area right of the sidebar is far from one flat color.
    const stats = h.regionStats(shot, { x: Math.floor(shot.width * 0.45), y: 80, w: Math.floor(shot.width * 0.5), h: 400 });
    assert.ok(stats.distinctColors > 8 && stats.nonBackground > stats.total * 0.03, JSON.stringify(stats));
  });

  it('refuses the starter with the step\'s own words', async () => {
    const verdict = await h.withTimeout(app.page.evaluate(() => window.playground.check()), 60000, 'check()');
    assert.equal(verdict.pass, false);
    assert.equal(verdict.lessonError, false);
    assert.ok(verdict.feedback.length > 10, verdict.feedback);
  });

  it('plays the learner\'s race in the lanes and passes the solution', async () => {
    await h.run(app.page, step.solution);   // into the editor (as SQL it fails: it is a race)
    const race = await raceSettled(statements(step.solution));
    assert.equal(race.edited, true);
    const verdict = await h.withTimeout(app.page.evaluate(() => window.playground.check()), 60000, 'check()');
    assert.equal(verdict.pass, true, verdict.feedback);
    assert.ok(verdict.checks.every((c) => c.kind === 'race' && c.pass));
    await h.settle(app.page);
    await h.screenshot(app.page, 'race-step-solved');
    h.assertNoErrors(app.errors);
  });
});
