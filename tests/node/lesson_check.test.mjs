// scripts/lesson-check: the browser's lesson checker, run on PGlite in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tool = join(root, 'scripts', 'lesson-check');

function lessonCheck(...args) {
  return lessonCheckIn(join(root, 'lessons'), ...args);
}

function lessonCheckIn(dir, ...args) {
  const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 240000, env: { ...process.env, PGPLAY_LESSONS_DIR: dir } });
  return { status: r.status, json: r.stdout ? JSON.parse(r.stdout) : null, stderr: r.stderr };
}

test('--list names every lesson file with its title and step count', () => {
  const { status, json } = lessonCheck('--list');
  assert.equal(status, 0);
  const files = readdirSync(join(root, 'lessons')).filter((f) => f.endsWith('.md'));
  assert.equal(json.length, files.length);
  for (const lesson of json) {
    assert.match(lesson.id, /^[a-z0-9-]+$/);
    assert.ok(lesson.title.length > 0);
    assert.ok(lesson.steps >= 1);
  }
});

// One lesson at a time: the whole roadmap's hundreds of answers take minutes on a busy machine,
// and a stuck lesson is then named by its own timeout.
test('every solution and accepted answer passes and every wrong answer is rejected on PGlite', () => {
  const listed = lessonCheck('--list');
  assert.equal(listed.status, 0);
  let steps = 0;
  for (const lesson of listed.json) {
    const { status, json, stderr } = lessonCheck('--verify', lesson.id);
    assert.ok(json, `lesson ${lesson.id}: no report (${stderr})`);
    const problems = json.steps.filter((s) => s.errors || !s.solutionPasses || s.wrongAnswers.some((w) => !w.rejected) ||
      s.acceptedAnswers.some((a) => !a.passes));
    assert.deepEqual(problems, [], `lesson ${lesson.id}`);
    assert.equal(status, 0, `lesson ${lesson.id}`);
    steps += json.steps.length;
  }
  assert.ok(steps >= 60, `${steps} steps`);
});

// The lesson files the example blog post embeds with ?file= are lessons like any other.
test('the example blog post\'s exercise files pass too', () => {
  const { status, json } = lessonCheckIn(join(root, 'web', 'examples'), '--verify');
  assert.ok(json.steps.length >= 1);
  assert.deepEqual(json.steps.filter((s) => s.errors || !s.solutionPasses), []);
  assert.equal(status, 0);
});

test('one answer gets a verdict with feedback; a wrong one fails with exit status 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lesson-check-'));
  const wrong = join(dir, 'wrong.sql');
  writeFileSync(wrong, 'CREATE TABLE users (id int);');
  const r = lessonCheck('tables-and-types', '1', wrong);
  assert.equal(r.status, 1);
  assert.equal(r.json.pass, false);
  assert.equal(r.json.lesson, 'tables-and-types');
  assert.equal(r.json.step, 1);
  assert.ok(r.json.feedback.length > 0);
  assert.ok(r.json.checks.some((c) => !c.pass && c.feedback.length > 0));
});

test('bad arguments are refused with a clear message and status 2', () => {
  assert.equal(lessonCheck('no-such-lesson', '1', '/dev/null').status, 2);
  assert.equal(lessonCheck('tables-and-types', '99', '/dev/null').status, 2);
  assert.equal(lessonCheck('tables-and-types', 'x', '/dev/null').status, 2);
  assert.equal(lessonCheck().status, 2);
});

// Regression: PGlite never fires statement_timeout, so an endless answer hung the checker
// (killed after 90 s). The watchdog restarts the engine and the verdict says what happened.
test('an answer that never ends is stopped and the verdict says it ran too long', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lesson-check-'));
  const endless = join(dir, 'endless.sql');
  writeFileSync(endless, 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;');
  const t0 = Date.now();
  const r = lessonCheck('joins', '1', endless);
  assert.equal(r.status, 1);
  assert.equal(r.json.pass, false);
  assert.equal(r.json.error.sqlstate, '57014');
  assert.match(r.json.feedback, /ran longer than 10 s/);
  assert.ok(Date.now() - t0 < 60000, `took ${Date.now() - t0} ms`);
});
