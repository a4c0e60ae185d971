// The quick check at the end of a lesson, in the real app: it opens in place of the task, answers
// are graded in the pane (wrong picks explained, then right), the accessible layer reads the
// questions, and what was answered right survives a reload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const lessonState = (page) => page.evaluate(() => window.playground.lesson());
const sidebar = { x: 0, y: 60, w: 340, h: 640 };

// Pixels of a hue in a region of a screenshot: text is anti-aliased, so few pixels have the
// theme's exact colour, but the strokes of red (or green) text stay clearly red (or green).
function hueCount(img, hue, { x, y, w, h: height }) {
  const scale = img.width / 1280;
  let n = 0;
  for (let yy = Math.round(y * scale); yy < Math.round((y + height) * scale) && yy < img.height; yy++) {
    for (let xx = Math.round(x * scale); xx < Math.round((x + w) * scale); xx++) {
      const i = (yy * img.width + xx) * 4;
      const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]];
      if (hue === 'red' ? r > 150 && r > g + 60 && r > b + 60 : g > 150 && g > r + 40 && g > b + 40) n++;
    }
  }
  return n;
}

describe('quick check', () => {
  let app;
  before(async () => {
    app = await h.setupApp('?lesson=query-debugging&step=1');
    await h.lessonStepReady(app.page);
  });
  after(async () => {
    await app?.teardown();
  });

  it('opens in place of the task and lists the lesson\'s questions', async () => {
    const { page } = app;
    await h.settle(page);
    const step = await h.screenshot(page, 'quick-check-before');
    const state = await page.evaluate(() => window.playground.openQuickCheck());
    assert.equal(state.quiz, true);
    assert.ok(state.questions.length >= 3, JSON.stringify(state.questions));
    assert.ok(state.questions.some((q) => q.kind === 'typed'), 'a typed question');
    assert.ok(state.questions.some((q) => q.kind !== 'typed'), 'a multiple-choice question');
    assert.ok(state.questions.every((q) => q.right === false && q.tries === 0 && q.verdict === null));
    await h.settle(page);
    const quiz = await h.screenshot(page, 'quick-check-open');
    assert.ok(h.diffPixels(step, quiz, sidebar) > 3000, 'the pane shows the questions, not the task');
    // The accessible layer reads each question and its numbered choices.
    const read = await page.evaluate(() => document.getElementById('pgplay-a11y-lesson').textContent);
    assert.match(read, /quick check, \d questions/);
    assert.match(read, /Choice 1: /);
  });

  it('grades a wrong pick with its reason, then the right one, and counts the tries', async () => {
    const { page } = app;
    const state = await lessonState(page);
    const n = state.questions.findIndex((q) => q.kind === 'choose-one') + 1;
    assert.ok(n > 0, 'a question with one right choice');
    // Try each choice in turn until one is right: the wrong ones come back with a reason.
    let tries = 0, verdict = null;
    for (let choice = 1; choice <= state.questions[n - 1].choices; choice++) {
      verdict = await page.evaluate(([q, c]) => window.playground.answerQuestion(q, c), [n, choice]);
      tries++;
      if (verdict.right) break;
      assert.match(verdict.feedback, /^\*\*.+\*\*: /, 'a wrong pick is named and explained');
      if (tries === 1) {
        await h.settle(page);
        const img = await h.screenshot(page, 'quick-check-wrong');
        assert.ok(hueCount(img, 'red', sidebar) > 20, 'the pane says "Not yet." in the error colour');
      }
    }
    assert.equal(verdict.right, true);
    const after = await lessonState(page);
    assert.equal(after.questions[n - 1].right, true);
    assert.equal(after.questions[n - 1].tries, tries);
    await h.settle(page);
    const img = await h.screenshot(page, 'quick-check-right');
    assert.ok(hueCount(img, 'green', sidebar) > 20, 'a right answer shows in the ok colour');
  });

  it('compares a typed answer as SQL: case and spacing do not matter, meaning does', async () => {
    const { page } = app;
    const state = await lessonState(page);
    const n = state.questions.findIndex((q) => q.title === 'Everything except staff orders') + 1;
    assert.ok(n > 0);
    let v = await page.evaluate((q) => window.playground.answerQuestion(q, "coupon_code <> 'STAFF'"), n);
    assert.equal(v.right, false);
    v = await page.evaluate((q) => window.playground.answerQuestion(q, '   '), n);
    assert.equal(v.empty, true);
    v = await page.evaluate((q) => window.playground.answerQuestion(q, "COUPON_CODE  is distinct from 'STAFF';"), n);
    assert.equal(v.right, true, v.feedback);
    const after = await lessonState(page);
    assert.equal(after.questions[n - 1].tries, 2, 'the empty answer was not a try');
    // Bad calls are refused without harm.
    assert.equal(await page.evaluate(() => window.playground.answerQuestion(99, 1)), null);
    await assert.rejects(page.evaluate(() => window.playground.answerQuestion(0, 1)));
    h.assertNoErrors(app.errors);
  });

  it('answers survive a reload, and the roadmap counts them', async () => {
    const { page } = app;
    await page.goto(app.server.url + '?lesson=query-debugging&step=1');
    await h.withTimeout(page.evaluate(() => window.playground.ready), 60000, 'ready after reload');
    const state = await h.pollUntil(async () => {
      const s = await lessonState(page);
      return s && s.open ? s : null;
    }, { what: 'the lesson open again' });
    const entry = state.lessons.find((l) => l.id === 'query-debugging');
    assert.equal(entry.questionsRight, 2);
    assert.equal(state.quiz, false);
    const quiz = await page.evaluate(() => window.playground.openQuickCheck());
    assert.equal(quiz.questions.filter((q) => q.right).length, 2);
  });
});
