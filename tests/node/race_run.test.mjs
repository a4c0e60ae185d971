// scripts/race-run: a race scenario played by the core RaceEngine on PGlite in Node; the
// timeline (raceTimelineJson) on stdout. Exit status 0 played, 1 engine failed, 2 usage, file or
// setup error, 3 refused by the engine.
//
// Each run starts PGlite (a few seconds of CPU), so every run starts in before(), as many at a
// time as there are CPUs, and the tests check their outputs. The expected timelines are the real
// server's (tests/pg/test_race_on_server.cpp).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runTool as runSharedTool } from './run-tool.mjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TOOL = join(ROOT, 'scripts/race-run');
const RACES = join(ROOT, 'lessons/races');
const FIXTURES = join(ROOT, 'tests/node/races');

const runTool = (args, { cwd = ROOT, timeout = 120000 } = {}) => runSharedTool(TOOL, args, { cwd, timeout });

// Runs the jobs (functions returning promises) at most `limit` at a time; results in order.
async function pooled(jobs, limit) {
  const out = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) out[i] = await jobs[i]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}

// The timeline a run printed: exactly one line of JSON.
function timeline(out) {
  assert.equal(out.signal, null, `killed (${out.signal}); stderr: ${out.stderr}`);
  assert.equal(out.code, 0, `exit ${out.code}; stderr: ${out.stderr}`);
  assert.equal(out.stderr, '');
  assert.ok(out.stdout.endsWith('\n') && out.stdout.indexOf('\n') === out.stdout.length - 1, 'one line of JSON');
  const json = JSON.parse(out.stdout);
  assert.ok(Array.isArray(json));
  return json;
}

// A step as test_race_on_server.cpp shows it: "R", "R blocked until N".
function shown(step) {
  let out = step.result === null ? 'NULL' : step.result;
  if (step.blocked) out += ` blocked until ${'released_after' in step ? step.released_after : 'the end'}`;
  return out;
}

// The real server's timelines (tests/pg/test_race_on_server.cpp): steps, then the check's value.
const SERVER = {
  'lost-update': [['BEGIN', 'BEGIN', '100', '100', 'UPDATE 1', 'UPDATE 1 blocked until 6', 'COMMIT', 'COMMIT'], '130'],
  'atomic-update': [['BEGIN', 'BEGIN', 'UPDATE 1', 'UPDATE 1 blocked until 4', 'COMMIT', 'COMMIT'], '150'],
  'select-for-update': [['BEGIN', 'BEGIN', '100', '120 blocked until 5', 'UPDATE 1', 'COMMIT', 'UPDATE 1', 'COMMIT'], '150'],
  'read-committed-recheck': [['BEGIN', 'BEGIN', 'UPDATE 1', 'UPDATE 0 blocked until 4', 'COMMIT', 'COMMIT'], '20'],
  'repeatable-read': [['BEGIN', 'BEGIN', '100', '100', 'UPDATE 1', 'ERROR 40001 blocked until 6', 'COMMIT', 'ROLLBACK',
                       'BEGIN', '120', 'UPDATE 1', 'COMMIT'], '150'],
  'serializable-write-skew': [['BEGIN', 'BEGIN', '2', '2', 'UPDATE 1', 'UPDATE 1', 'COMMIT', 'ERROR 40001'], '1'],
  'deadlock': [['BEGIN', 'BEGIN', 'UPDATE 1', 'UPDATE 1', 'UPDATE 1 blocked until 5', 'ERROR 40P01 blocked until 5',
                'ROLLBACK', 'COMMIT'], '1=90 2=110'],
  'skip-locked-queue': [['BEGIN', 'BEGIN', '1', '2', 'ERROR 55P03', 'UPDATE 1', 'UPDATE 1', 'COMMIT', 'COMMIT'], '1:A 2:B 3:-'],
  'unique-insert': [['BEGIN', 'BEGIN', 'INSERT 0 1', 'ERROR 23505 blocked until 4', 'COMMIT', 'ROLLBACK'], '1'],
  'migration-lock': [['BEGIN', '2', 'ALTER TABLE blocked until 4', '2 blocked until 4', 'COMMIT'], '1'],
};

// A scenario file's id, session statements and checks, read the simple way (one a line).
function scenarioLines(path) {
  const out = { id: null, steps: [], checks: [] };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const strip = (sql) => sql.trim().replace(/;$/, '').trim();
    let m;
    if ((m = /^id:\s*(.*)$/.exec(line))) out.id = m[1].trim();
    else if ((m = /^check:\s*(.*)$/.exec(line))) out.checks.push(strip(m[1]));
    else if ((m = /^([A-Z][A-Za-z0-9]*):\s*(.*)$/.exec(line))) out.steps.push({ who: m[1], sql: strip(m[2]) });
  }
  return out;
}

const fixture = (name) => join(FIXTURES, name);

describe('scripts/race-run', () => {
  const shipped = readdirSync(RACES).filter((f) => f.endsWith('.txt')).sort();
  const played = {};    // file name -> run
  const out = {};       // fixture runs by name
  before(async () => {
    assert.ok(existsSync(join(ROOT, 'build/node/race_run.cjs')), 'build/node/race_run.cjs: run scripts/build.sh node');
    const jobs = {
      // First: it waits 10 s for its watchdog, while the others run.
      endless: () => runTool([fixture('endless.txt')]),
      refusedSavepoint: () => runTool([fixture('savepoint.txt')]),
      refusedVacuum: () => runTool([fixture('vacuum.txt')]),
      setupError: () => runTool([fixture('setup-error.txt')]),
      noPrimaryKey: () => runTool([fixture('no-primary-key.txt')]),
      // A relative path, from another directory: messages name the file as given.
      relative: () => runTool(['races/savepoint.txt'], { cwd: join(ROOT, 'tests/node') }),
    };
    for (const f of shipped) jobs[`shipped:${f}`] = () => runTool([join(RACES, f)]);
    const names = Object.keys(jobs);
    const results = await pooled(names.map((n) => jobs[n]), Math.max(2, availableParallelism()));
    names.forEach((n, i) => {
      if (n.startsWith('shipped:')) played[n.slice('shipped:'.length)] = results[i];
      else out[n] = results[i];
    });
  });

  it('plays every shipped scenario: exit 0, one step a statement in file order, then the checks', () => {
    assert.ok(shipped.length >= 10, `${shipped.length} scenarios`);
    for (const f of shipped) {
      const json = timeline(played[f]);
      const file = scenarioLines(join(RACES, f));
      const steps = json.filter((e) => 'step' in e);
      const checks = json.filter((e) => 'check' in e);
      assert.deepEqual(json, [...steps, ...checks], `${f}: steps come before checks`);
      assert.equal(steps.length, file.steps.length, f);
      steps.forEach((s, i) => {
        const keys = ['step', 'who', 'sql', 'result'];
        if (s.blocked) keys.push('blocked');
        if ('released_after' in s) keys.push('released_after');
        assert.deepEqual(Object.keys(s), keys, `${f} step ${i}`);
        assert.equal(s.step, i);
        assert.equal(s.who, file.steps[i].who);
        assert.equal(s.sql, file.steps[i].sql);
        assert.ok(s.result === null || typeof s.result === 'string');
        if ('blocked' in s) assert.equal(s.blocked, true);
        if ('released_after' in s) assert.ok(Number.isInteger(s.released_after) && s.released_after >= i);
      });
      assert.deepEqual(checks.map((c) => Object.keys(c)), checks.map(() => ['check', 'value']), f);
      assert.deepEqual(checks.map((c) => c.check), file.checks, f);
    }
  });

  it('lost update: the exact timeline', () => {
    const json = timeline(played['01-lost-update.txt']);
    assert.deepEqual(json.slice(0, 8).map((s) => s.result),
                     ['BEGIN', 'BEGIN', '100', '100', 'UPDATE 1', 'UPDATE 1', 'COMMIT', 'COMMIT']);
    assert.deepEqual(json[5], { step: 5, who: 'B', sql: 'UPDATE accounts SET balance = 130 WHERE id = 1',
                                result: 'UPDATE 1', blocked: true, released_after: 6 });
    assert.ok(json.slice(0, 8).every((s, i) => i === 5 || !('blocked' in s)));
    assert.deepEqual(json[8], { check: 'SELECT balance FROM accounts WHERE id = 1', value: '130' });
    assert.equal(json.length, 9);
  });

  it('deadlock: the statement that closes the cycle fails with 40P01 within its own step', () => {
    const json = timeline(played['07-deadlock.txt']);
    assert.deepEqual(json[5], { step: 5, who: 'B', sql: 'UPDATE accounts SET balance = balance + 10 WHERE id = 1',
                                result: 'ERROR 40P01', blocked: true, released_after: 5 });
    assert.equal(json[4].released_after, 5);
  });

  it('SELECT ... FOR UPDATE: B waits for A and reads what A committed', () => {
    const json = timeline(played['03-select-for-update.txt']);
    assert.deepEqual(json[3], { step: 3, who: 'B', sql: 'SELECT balance FROM accounts WHERE id = 1 FOR UPDATE',
                                result: '120', blocked: true, released_after: 5 });
  });

  it('every shipped scenario gives the timeline the real PostgreSQL server gives', () => {
    const seen = new Set();
    for (const f of shipped) {
      const id = scenarioLines(join(RACES, f)).id;
      const expected = SERVER[id];
      if (!expected) continue;   // a scenario newer than this list: checked for form above
      seen.add(id);
      const json = timeline(played[f]);
      const steps = json.filter((e) => 'step' in e);
      const checks = json.filter((e) => 'check' in e);
      assert.deepEqual(steps.map(shown), expected[0], id);
      assert.equal(checks[0].value, expected[1], id);
    }
    assert.deepEqual([...seen].sort(), Object.keys(SERVER).sort());
  });

  it('a malformed scenario: every problem as "file:line: message", exit 2, before PostgreSQL starts', async () => {
    const path = fixture('malformed.txt');
    const r = await runTool([path]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.includes(`${path}:5: expected "key: value"`), r.stderr);
    assert.ok(r.stderr.includes(`${path}: the scenario has no "id:" line`), r.stderr);
    assert.ok(r.ms < 2000, `took ${r.ms} ms`);
  });

  it('a statement the engine does not model is refused, naming the step: exit 3, nothing on stdout', () => {
    const savepoint = out.refusedSavepoint;
    assert.equal(savepoint.code, 3, savepoint.stderr);
    assert.equal(savepoint.stdout, '');
    assert.equal(savepoint.stderr,
                 `${fixture('savepoint.txt')}:7: step 2 (A: SAVEPOINT s): savepoints are not modelled yet\n`);
    const vacuum = out.refusedVacuum;
    assert.equal(vacuum.code, 3, vacuum.stderr);
    assert.equal(vacuum.stdout, '');
    assert.ok(vacuum.stderr.startsWith(`${fixture('vacuum.txt')}:6: step 1 (B: VACUUM): VACUUM statements are not modelled`),
              vacuum.stderr);
  });

  it('names the file as the user gave it', () => {
    assert.equal(out.relative.code, 3, out.relative.stderr);
    assert.ok(out.relative.stderr.startsWith('races/savepoint.txt:7: step 2 '), out.relative.stderr);
  });

  it('a setup: line that fails is the file\'s fault: "file:line: setup failed", exit 2', () => {
    const r = out.setupError;
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `${fixture('setup-error.txt')}:5: setup failed: syntax error at or near "TABEL"\n`);
  });

  it('a table without a primary key is refused: exit 3', () => {
    const r = out.noPrimaryKey;
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.startsWith(`${fixture('no-primary-key.txt')}: table notes has no primary key`), true, r.stderr);
  });

  // PGlite ignores statement_timeout: without the watchdog this run would hang for a minute.
  it('a statement that never ends is stopped by the 10 s watchdog: an engine failure, exit 1', () => {
    const r = out.endless;
    assert.equal(r.signal, null);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /the race's database stopped: canceling statement due to statement timeout/);
    assert.ok(r.ms < 45000, `took ${r.ms} ms`);
  });

  it('usage errors and unreadable files exit 2 without starting PostgreSQL', async () => {
    const [none, help, extra, missing, directory] = await Promise.all([
      runTool([]),
      runTool(['--help']),
      runTool([join(RACES, '01-lost-update.txt'), 'extra']),
      runTool([join(FIXTURES, 'does-not-exist.txt')]),
      runTool([FIXTURES]),
    ]);
    for (const r of [none, help, extra]) {
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^usage: race-run SCENARIO\.txt/);
    }
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, `race-run: cannot read ${join(FIXTURES, 'does-not-exist.txt')}: No such file or directory\n`);
    assert.equal(directory.code, 2);
    assert.equal(directory.stderr, `race-run: cannot read ${FIXTURES}: Is a directory\n`);
  });
});
