// The roadmap's "what next" in the real app: a newcomer is told where to start and the button
// opens it; a learner whose saved results show a struggle with keys is sent back to review them
// before joins, at the step that went wrong.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const lessonState = (page) => page.evaluate(() => window.playground.lesson());

// The first row, from the top of the sidebar, of a button drawn in theme::kGoButton (dark theme).
function findGoButton(img) {
  const scale = img.width / 1280;
  const go = [41, 107, 66];
  for (let y = Math.round(60 * scale); y < img.height; y++) {
    let run = 0;
    for (let x = 0; x < Math.round(340 * scale); x++) {
      const i = (y * img.width + x) * 4;
      const near = Math.abs(img.data[i] - go[0]) + Math.abs(img.data[i + 1] - go[1]) + Math.abs(img.data[i + 2] - go[2]) <= 12;
      run = near ? run + 1 : 0;
      if (run > 30 * scale) return { x: (x - run / 2) / scale, y: y / scale + 4 };
    }
  }
  return null;
}

describe('roadmap: what next', () => {
  let app;
  before(async () => {
    app = await h.setupApp('');
    await h.databaseReady(app.page);
  });
  after(async () => {
    await app?.teardown();
  });

  it('tells a newcomer where to start, and its button opens that step', async () => {
    const { page } = app;
    const state = await h.pollUntil(async () => {
      const s = await lessonState(page);
      return s && s.loaded ? s : null;
    }, { what: 'lessons loaded' });
    assert.equal(state.open, false);
    assert.deepEqual([state.next.kind, state.next.lesson, state.next.step], ['start', 'tables-and-types', 1]);
    assert.equal(state.next.headline, 'Start with Tables and types');
    await h.settle(page);
    const img = await h.screenshot(page, 'roadmap-advice-start');
    const button = findGoButton(img);
    assert.ok(button, 'a "Start →" button in the sidebar');
    await page.mouse.move(button.x, button.y);
    await h.sleep(150);
    await page.mouse.down();
    await page.mouse.up();
    const opened = await h.pollUntil(async () => {
      const s = await lessonState(page);
      return s && s.open ? s : null;
    }, { what: 'the advised step open' });
    assert.equal(opened.lesson, 'tables-and-types');
    assert.equal(opened.step, 1);
  });

  it('sends a learner who struggled with keys back to them before joins', async () => {
    const { page } = app;
    // Saved progress as pgplay writes it: lessons 1 to 3 done, but step 2 of primary keys was
    // passed only after its solution was shown.
    const progress = { format: 'pgplay-progress', version: 1, current: null, lessons: {} };
    const counts = (await lessonState(page)).lessons;
    for (const id of ['tables-and-types', 'primary-keys', 'foreign-keys']) {
      const steps = {};
      for (let i = 1; i <= counts.find((l) => l.id === id).steps; i++) steps[i] = { done: true };
      const questions = {};
      for (let i = 1; i <= counts.find((l) => l.id === id).questions; i++) questions[i] = { right: true, tries: 1 };
      progress.lessons[id] = { steps, questions };
    }
    progress.lessons['primary-keys'].steps[2].sawSolution = true;
    await page.evaluate((p) => localStorage.setItem('pgplay.progress.v1', JSON.stringify(p)), progress);
    await page.goto(app.server.url);
    await h.withTimeout(page.evaluate(() => window.playground.ready), 60000, 'ready after reload');
    const state = await h.pollUntil(async () => {
      const s = await lessonState(page);
      return s && s.loaded ? s : null;
    }, { what: 'lessons loaded' });
    assert.equal(state.next.kind, 'review');
    assert.equal(state.next.lesson, 'primary-keys');
    assert.equal(state.next.step, 2);
    assert.equal(state.next.headline, 'Review Primary keys before Joins');
    assert.match(state.next.why, /passed after its solution was shown/);
    await h.settle(page);
    await h.screenshot(page, 'roadmap-advice-review');
    h.assertNoErrors(app.errors);
  });
});
