// Lessons in the real app: open a step by URL, answer it, Check, see the verdict; reload and
// find the progress kept.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const lessonState = (page) => page.evaluate(() => window.playground.lesson());

// The step is open and its tables are prepared (the reset and setup ran).
async function stepReady(page, lesson, step) {
  return h.pollUntil(async () => {
    const s = await lessonState(page);
    return s && s.open && s.lesson === lesson && s.step === step && !s.preparing ? s : null;
  }, { timeout: 30000, what: `lesson ${lesson} step ${step} open` });
}

// `shows`: what the editor makes of it, when its auto-indent changes what was typed.
async function typeIntoEditor(page, text, shows = text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  // Typed characters reach ImGui a few per frame; wait until all of them are in.
  let shown = '';
  for (const deadline = Date.now() + 15000; Date.now() < deadline; await h.sleep(100)) {
    shown = await h.editorText(page);
    if (shown === shows) return;
  }
  assert.fail(`the editor shows ${JSON.stringify(shown)}, not ${JSON.stringify(shows)} (typed ${JSON.stringify(text)})`);
}

// The lesson pane's "Next step →" button. ImGui draws no DOM, so it is found in a screenshot:
// it sits right under the green "Correct! Every check passed." line, in the button colour.
async function clickNextStep(page) {
  await h.settle(page);
  const img = await h.screenshot(page, 'lesson-before-next');
  const scale = img.width / page.viewportSize().width;
  const at = (x, y) => { const i = (y * img.width + x) * 4; return [img.data[i], img.data[i + 1], img.data[i + 2]]; };
  const near = ([r, g, b], [R, G, B]) => Math.abs(r - R) + Math.abs(g - G) + Math.abs(b - B) <= 12;
  const okText = [128, 217, 140];   // theme::kOkText
  const button = [46, 51, 64];      // ImGuiCol_Button in theme.cpp
  const sidebarRight = Math.round(340 * scale);
  let correctBottom = -1;
  for (let y = Math.round(120 * scale); y < img.height; y++)
    for (let x = 0; x < sidebarRight; x++) if (near(at(x, y), okText)) correctBottom = y;
  assert.ok(correctBottom > 0, 'no "Correct!" line in the lesson pane');
  const probeX = Math.round(14 * scale);
  let top = correctBottom;
  while (top < img.height && !near(at(probeX, top), button)) top++;
  let bottom = top;
  while (bottom < img.height && near(at(probeX, bottom), button)) bottom++;
  assert.ok(top < img.height && bottom - top > 8 * scale, 'no button under the "Correct!" line');
  const x = 30, y = (top + bottom) / 2 / scale;
  await page.mouse.move(x, y);
  await h.sleep(100);
  await page.mouse.down();
  await page.mouse.up();
}

describe('lessons', () => {
  let app;
  before(async () => {
    app = await h.setupApp('?lesson=tables-and-types&step=2');
  });
  after(async () => {
    if (app) await app.teardown();
  });

  it('?lesson=&step= opens that step, with the lessons listed', async () => {
    const state = await stepReady(app.page, 'tables-and-types', 2);
    assert.equal(state.title, 'Money is numeric');
    assert.ok(state.lessons.length >= 2);
    assert.deepEqual(state.done.slice(0, 2), [false, false]);
    await h.settle(app.page);
    await h.screenshot(app.page, 'lesson-step-open');
  });

  it('a wrong answer fails with feedback that says what differs', async () => {
    await typeIntoEditor(app.page, 'CREATE TABLE projects (name text NOT NULL, budget float8 NOT NULL);');
    const verdict = await h.withTimeout(app.page.evaluate(() => window.playground.check()), 30000, 'check()');
    assert.equal(verdict.pass, false);
    assert.equal(verdict.lessonError, false);
    assert.ok(verdict.feedback.length > 10, verdict.feedback);
    await h.settle(app.page);
    await h.screenshot(app.page, 'lesson-step-failed');
  });

  it('a correct answer, typed with the keyboard, passes and marks the step done', async () => {
    // Typed as in any code editor: Enter after "(" indents the lines, ")" first on a line outdents.
    await typeIntoEditor(app.page, 'CREATE TABLE projects (\nname text NOT NULL,\nbudget numeric(12,2) NOT NULL\n);',
      'CREATE TABLE projects (\n  name text NOT NULL,\n  budget numeric(12,2) NOT NULL\n);');
    const verdict = await h.withTimeout(app.page.evaluate(() => window.playground.check()), 30000, 'check()');
    assert.equal(verdict.pass, true, verdict.feedback);
    const state = await lessonState(app.page);
    assert.equal(state.done[1], true);
    await h.settle(app.page);
    await h.screenshot(app.page, 'lesson-step-passed');
  });

  it('progress and the current step survive a reload', async () => {
    await app.page.goto(app.server.url);
    await h.withTimeout(app.page.evaluate(() => window.playground.ready), 60000, 'ready after reload');
    const state = await stepReady(app.page, 'tables-and-types', 2);
    assert.equal(state.done[1], true);
    // The learner's last answer comes back into the editor.
    assert.match(await h.editorText(app.page), /numeric\(12,2\)/);
  });

  it('an embedded exercise (?embed=1&lesson=&step=) opens its step and checks answers', async () => {
    await app.page.goto(app.server.url + '?embed=1&lesson=joins&step=2');
    await h.withTimeout(app.page.evaluate(() => window.playground.ready), 60000, 'ready');
    await stepReady(app.page, 'joins', 2);
    const verdict = await h.withTimeout(app.page.evaluate(() => window.playground.check()), 30000, 'check()');
    assert.equal(verdict.pass, false);   // the starter drops projects without tasks
    assert.match(verdict.feedback, /Cassini/);
    await h.settle(app.page);
    await h.screenshot(app.page, 'lesson-embedded');
  });

  it('Stop during a lesson brings back the step\'s tables (they came from the lesson, not the learner)', async () => {
    await app.page.goto(app.server.url + '?lesson=joins&step=1');
    await h.withTimeout(app.page.evaluate(() => window.playground.ready), 60000, 'ready');
    await stepReady(app.page, 'joins', 1);
    const before = await h.run(app.page, 'SELECT count(*) FROM projects');
    assert.equal(before.ok, true, JSON.stringify(before.error));
    const stopped = await app.page.evaluate(async () => {
      const pending = window.playground.run('SELECT pg_sleep(600)');
      await new Promise((r) => setTimeout(r, 500));
      window.playground.cancel();
      return pending;
    });
    assert.equal(stopped.error.sqlstate, '57014');
    const after = await h.pollUntil(async () => {
      const r = await h.run(app.page, 'SELECT count(*) FROM projects');
      return r.ok ? r : null;
    }, { timeout: 30000, what: 'projects readable after Stop' });
    assert.deepEqual(after.results[0].rows, before.results[0].rows);
  });

  it('Next step empties the grid, and lastResult() says so too', async () => {
    await app.page.goto(app.server.url + '?lesson=tables-and-types&step=2');
    await h.withTimeout(app.page.evaluate(() => window.playground.ready), 60000, 'ready');
    await stepReady(app.page, 'tables-and-types', 2);
    const ran = await h.run(app.page, 'CREATE TABLE projects (name text NOT NULL, budget numeric(12,2) NOT NULL);');
    assert.equal(ran.ok, true, JSON.stringify(ran.error));
    const verdict = await h.withTimeout(app.page.evaluate(() => window.playground.check()), 30000, 'check()');
    assert.equal(verdict.pass, true, verdict.feedback);
    assert.notEqual(await h.lastResult(app.page), null);
    await clickNextStep(app.page);
    await stepReady(app.page, 'tables-and-types', 3);
    assert.equal(await h.lastResult(app.page), null);
    await h.settle(app.page);
    await h.screenshot(app.page, 'lesson-after-next');
  });

  it('the foreign keys lesson draws its tables beside the task, and a run brings the results forward', async () => {
    const { page } = app;
    const resultsPane = (img) => h.regionStats(img, { x: 400, y: 380, w: 860, h: 320 });
    await page.goto(app.server.url + '?lesson=tables-and-types&step=1');
    await h.withTimeout(page.evaluate(() => window.playground.ready), 60000, 'ready');
    assert.equal((await stepReady(page, 'tables-and-types', 1)).diagram, false);
    await h.settle(page);
    const plain = resultsPane(await h.screenshot(page, 'lesson-without-diagram'));

    await page.goto(app.server.url + '?lesson=foreign-keys&step=1');
    await h.withTimeout(page.evaluate(() => window.playground.ready), 60000, 'ready');
    assert.equal((await stepReady(page, 'foreign-keys', 1)).diagram, true);
    // The schema model catches up with the step's tables, then the diagram draws them.
    let drawn = null;
    const withDiagram = await h.pollUntil(async () => {
      await h.settle(page);
      const img = await h.screenshot(page, 'lesson-diagram');
      drawn = resultsPane(img);
      return drawn.nonBackground > plain.nonBackground + 5000 ? img : null;
    }, { what: `the diagram fills the results pane (${plain.nonBackground} pixels without it)` });
    assert.ok(withDiagram);

    assert.equal((await h.run(page, 'SELECT name FROM projects ORDER BY id')).ok, true);
    await h.settle(page);
    const results = await h.screenshot(page, 'lesson-diagram-then-results');
    assert.ok(h.diffPixels(withDiagram, results, { x: 400, y: 380, w: 860, h: 320 }) > 5000, 'the Results tab came forward');
    h.assertNoErrors(app.errors);
  });

  it('an unknown lesson in the URL leaves the app usable', async () => {
    await app.page.goto(app.server.url + '?lesson=no-such-lesson&step=9');
    await h.withTimeout(app.page.evaluate(() => window.playground.ready), 60000, 'ready');
    const result = await h.run(app.page, 'SELECT 1 AS one');
    assert.equal(result.ok, true);
    h.assertNoErrors(app.errors);
  });
});
