// Race scenarios in the real app: ?race= opens one, the learner clicks Step and sees a session
// wait and then overwrite; window.playground.race(id) gives the same timeline scripts/race-run
// and the real server give; the race never touches the learner's sandbox; an embed shows the
// race alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const raceState = (page) => page.evaluate(() => window.playground.raceState());

async function played(page, id) {
  return h.pollUntil(async () => {
    const s = await raceState(page);
    return s && s.id === id && !s.playing ? s : null;
  }, { timeout: 60000, what: `race ${id} played` });
}

// The race view's green "Step ▶" button, found in a screenshot (ImGui draws no DOM): the
// button colour below the toolbar (whose Run button has the same green) and right of the sidebar.
async function stepButton(page, { minX = 0 } = {}) {
  await h.settle(page);
  const img = await h.screenshot(page, 'race-find-step');
  const scale = img.width / page.viewportSize().width;
  const green = [41, 107, 66];   // the button colour in race_view.cpp (0.16, 0.42, 0.26)
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = Math.round(45 * scale); y < img.height; y++) {
    for (let x = Math.round(minX * scale); x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      if (Math.abs(img.data[i] - green[0]) + Math.abs(img.data[i + 1] - green[1]) + Math.abs(img.data[i + 2] - green[2]) > 10) continue;
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  assert.ok(x1 > x0 && y1 - y0 > 10 * scale, 'no Step button on the screen');
  return { x: (x0 + x1) / 2 / scale, y: (y0 + y1) / 2 / scale };
}

async function clickStep(page, times, where) {
  for (let i = 0; i < times; i++) {
    const before = (await raceState(page)).position;
    await page.mouse.click(where.x, where.y);
    await h.pollUntil(async () => (await raceState(page)).position === before + 1, { what: 'the click stepped' });
  }
}

describe('race scenarios', () => {
  let app;
  before(async () => { app = await h.setupApp('?race=lost-update'); });
  after(async () => { await app?.teardown(); });

  it('?race=lost-update opens the race; clicking Step shows B waiting for A, then overwriting', async () => {
    const { page } = app;
    const s = await played(page, 'lost-update');
    assert.equal(s.total, 8);
    assert.equal(s.position, 0);
    assert.equal(s.failure, null);
    const step = await stepButton(page, { minX: 380 });
    await clickStep(page, 6, step);
    let now = await raceState(page);
    assert.deepEqual(now.steps.slice(0, 6).map((x) => [x.state, x.result ?? null]), [
      ['done', 'BEGIN'], ['done', 'BEGIN'], ['done', '100'], ['done', '100'], ['done', 'UPDATE 1'], ['waiting', null]]);
    assert.deepEqual(now.steps[5].waitingFor, ['A']);
    assert.deepEqual(now.next, ['A'], 'only A can go on while B waits');
    await h.settle(page);
    const waiting = await h.screenshot(page, 'race-lost-update-waiting');
    // "waiting for A" is drawn in the warning colour (theme::kWarningText) in B's lane, the
    // right half of the lanes.
    let warm = 0;
    for (let y = 0; y < waiting.height; y++) {
      for (let x = Math.round(waiting.width * 0.65); x < waiting.width; x++) {
        const i = (y * waiting.width + x) * 4;
        if (Math.abs(waiting.data[i] - 255) + Math.abs(waiting.data[i + 1] - 204) + Math.abs(waiting.data[i + 2] - 102) < 30) warm++;
      }
    }
    assert.ok(warm > 30, `B's lane shows a waiting line (${warm} warning-coloured pixels)`);

    await clickStep(page, 2, step);
    now = await raceState(page);
    assert.equal(now.steps[5].state, 'done');
    assert.equal(now.steps[5].result, 'UPDATE 1', 'B is released and overwrites A\'s 120 with its stale 130');
    await h.screenshot(page, 'race-lost-update-end');
    h.assertNoErrors(app.errors);
  });

  it('a statement is edited in an editor that completes the scenario\'s tables and columns', async () => {
    const { page } = app;
    // Freshly opened, the race is at its start: statement 5 (A's UPDATE) sits at a known place
    // in the swimlanes. Hover first: ImGui clicks what it saw hovered.
    await page.goto(app.server.url + '?race=lost-update', { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.playground && window.playground.ready);
    await played(page, 'lost-update');
    await page.mouse.move(480, 255);
    await h.settle(page, 150);
    await page.mouse.click(480, 255);
    await h.settle(page);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('UPDATE accounts SET balance = bal');
    await h.settle(page);
    await h.screenshot(page, 'race-edit-completion');
    await page.keyboard.press('Tab');   // balance, from the scenario's CREATE TABLE
    await page.keyboard.type(' + 20 WHERE id = 1');
    await page.keyboard.press('Control+Enter');   // plays the race again with it
    const edited = await h.pollUntil(async () => {
      const s = await raceState(page);
      return s && !s.playing && s.steps[4].sql.includes('balance + 20') ? s : null;
    }, { timeout: 30000, what: 'the race plays with the edited statement' });
    assert.equal(edited.steps[4].sql, 'UPDATE accounts SET balance = balance + 20 WHERE id = 1');
    h.assertNoErrors(app.errors);
  });

  it('window.playground.race(id) plays a scenario and resolves with the timeline the server gives', async () => {
    const { page } = app;
    const timeline = await h.withTimeout(page.evaluate(() => window.playground.race('select-for-update')), 60000, 'race()');
    const steps = timeline.filter((e) => 'step' in e).map((e) => [e.who, e.result, e.blocked ?? false, e.released_after ?? null]);
    assert.deepEqual(steps, [
      ['A', 'BEGIN', false, null], ['B', 'BEGIN', false, null], ['A', '100', false, null], ['B', '120', true, 5],
      ['A', 'UPDATE 1', false, null], ['A', 'COMMIT', false, null], ['B', 'UPDATE 1', false, null], ['B', 'COMMIT', false, null]]);
    assert.deepEqual(timeline.filter((e) => 'check' in e).map((e) => e.value), ['150']);
    // The view shows it too; step to B's FOR UPDATE: it waits for A.
    await played(page, 'select-for-update');
    const step = await stepButton(page, { minX: 380 });
    await clickStep(page, 4, step);
    const now = await raceState(page);
    assert.equal(now.steps[3].state, 'waiting');
    assert.deepEqual(now.steps[3].waitingFor, ['A']);
    await h.screenshot(page, 'race-select-for-update-waiting');

    const unknown = await page.evaluate(() => window.playground.race('no-such-race'));
    assert.match(unknown.error, /no race scenario "no-such-race"/);
    assert.ok(unknown.known.includes('deadlock'));
    h.assertNoErrors(app.errors);
  });

  it('a race runs in a database of its own: the sandbox keeps its tables and never sees the race\'s', async () => {
    const { page } = app;
    const made = await h.run(page, 'CREATE TABLE mine (id int PRIMARY KEY); INSERT INTO mine VALUES (7)');
    assert.equal(made.ok, true, JSON.stringify(made.error));
    await h.withTimeout(page.evaluate(() => window.playground.race('deadlock')), 60000, 'race()');
    const r = await h.run(page, "SELECT (SELECT count(*) FROM mine) AS mine, to_regclass('accounts') AS race_table");
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.deepEqual(r.results.at(-1).rows, [['1', null]]);
  });
});

describe('a race while the sandbox is busy', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  it('plays while a sandbox query runs, and the sandbox\'s Stop leaves the race alone', async () => {
    const { page } = app;
    // The learner's query keeps the sandbox's PostgreSQL busy; the race has its own.
    await page.evaluate(() => { window.sleeping = window.playground.run('SELECT pg_sleep(30)'); });
    const timeline = await h.withTimeout(page.evaluate(() => window.playground.race('atomic-update')), 60000, 'race()');
    assert.deepEqual(timeline.filter((e) => 'check' in e).map((e) => e.value), ['150']);
    await page.evaluate(() => window.playground.cancel());
    const stopped = await h.withTimeout(page.evaluate(() => window.sleeping), 30000, 'the sandbox query stopped');
    assert.equal(stopped.error.sqlstate, '57014');
    const now = await page.evaluate(() => window.playground.raceState());
    assert.equal(now.id, 'atomic-update');
    assert.equal(now.failure, null);
    await page.keyboard.press('End');
    const end = await h.pollUntil(async () => {
      const s = await page.evaluate(() => window.playground.raceState());
      return s.position === s.total ? s : null;
    }, { what: 'the race still steps after the sandbox restarted' });
    assert.equal(end.steps[3].result, 'UPDATE 1');
    h.assertNoErrors(app.errors);
  });
});

describe('a race in an embed', () => {
  let app;
  before(async () => { app = await h.setupApp('?race=deadlock&embed=1'); });
  after(async () => { await app?.teardown(); });

  it('shows the race alone, and plays to the deadlock', async () => {
    const { page } = app;
    await played(page, 'deadlock');
    // No sidebar: the Step button sits near the left edge.
    const step = await stepButton(page);
    assert.ok(step.x < 400, `the race controls start at the left (Step at x=${step.x})`);
    await page.mouse.click(600, 400);
    await page.keyboard.press('End');   // run to the end
    const now = await h.pollUntil(async () => {
      const s = await raceState(page);
      return s.position === s.total ? s : null;
    }, { what: 'the race ran to the end' });
    assert.equal(now.steps[5].result, 'ERROR 40P01');
    await h.settle(page);
    await h.screenshot(page, 'race-embed-deadlock');
    h.assertNoErrors(app.errors);
  });
});

describe('many clients', () => {
  let app;
  before(async () => { app = await h.setupApp('?race=many-clients'); });
  after(async () => { await app?.teardown(); });

  it('Run plays the four strategies: read-then-write loses updates, the other three do not', async () => {
    const { page } = app;
    await h.pollUntil(async () => (await raceState(page))?.id === 'many-clients', { what: 'the many-clients race is open' });
    const run = await stepButton(page, { minX: 380 });   // "Run the four ▶", the same green
    await page.mouse.click(run.x, run.y);
    const done = await h.pollUntil(async () => {
      const s = await raceState(page);
      return s && !s.running && s.outcomes.length === 4 ? s : null;
    }, { timeout: 120000, what: 'the four strategies ran' });
    const [rmw, atomic, forUpdate, serializable] = done.outcomes;
    for (const o of done.outcomes) {
      assert.equal(o.failure, null, `${o.strategy}: ${o.failure}`);
      assert.equal(o.expected, 40);   // 4 clients x 10 increments, the defaults
    }
    assert.ok(rmw.final < 40, `read-then-write loses updates (${rmw.final})`);
    assert.equal(atomic.final, 40);
    assert.equal(forUpdate.final, 40);
    assert.ok(forUpdate.waits > 0);
    assert.equal(serializable.final, 40);
    assert.ok(serializable.retries > 0);
    await h.settle(page);
    await h.screenshot(page, 'race-many-clients');
    h.assertNoErrors(app.errors);
  });
});
