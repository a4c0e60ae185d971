// Race engine benchmark: what playing a race costs on PGlite in Node, per statement, against the
// same statements run one after another without the engine (scripts/pgplay-sql) in the same run.
// The engine runs each statement inside a transaction that first hides what its session must not
// see and afterwards reports the locks and rows it took, so a race statement is several
// statements on PGlite; this table says how much that costs.
//
// Both tools start PGlite (about 2.5 s), so each is also timed on an empty script, and that
// start-up is taken off: the "per statement" columns are what the statements themselves took.
// The plain script runs the same statements on one connection, where nothing waits; it stops at
// the first error, as psql does, so it is divided by the statements it ran.
//
// usage: node scripts/bench-races.mjs [runs=5]     (after scripts/build.sh node)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] || 5);
const work = mkdtempSync(join(tmpdir(), 'pgplay-bench-races-'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let lastOutput = '';
function timed(tool, file) {
  const t0 = performance.now();
  try {
    lastOutput = execFileSync(join(root, 'scripts', tool), [file], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 }).toString();
  } catch (err) {
    // pgplay-sql exits 1 when the script stops at an error: it still took its time. race-run
    // must play every race here to the end.
    if (tool === 'race-run') throw new Error(`race-run failed on ${file}: exit ${err.status}`);
    lastOutput = err.stdout ? err.stdout.toString() : '';
  }
  return performance.now() - t0;
}

// How many statements a pgplay-sql run got through (it stops at the first error, as psql does).
function statementsRun() {
  try {
    const r = JSON.parse(lastOutput);
    return r.results.length + (r.error ? 1 : 0);
  } catch {
    return 0;
  }
}

// A scenario's statements as one plain script: its setup, then every step in file order. Two
// sessions' statements on one connection never wait, so this is the engine-free baseline.
function plainScript(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const m = /^(setup|[A-Z][A-Za-z0-9]*):\s*(.*)$/.exec(line);
    if (m) out.push(m[2].replace(/;\s*$/, '') + ';');
  }
  return out.join('\n') + '\n';
}

// Races long enough that PGlite's start-up (about 2.5 s, taken off) does not drown them.
// Two sessions, 800 statements each time:
//   - apart: A writes one row 200 times while B reads another (nobody waits);
//   - lost update, 100 times over: both read, both write the same row (B waits for A), both commit;
//   - repeatable read, 100 times over: the same at REPEATABLE READ (B fails with 40001, rolls back).
function race(name, setup, round, rounds) {
  const lines = [`id: ${name.replace(/[^a-z0-9]+/g, '-')}`, `title: ${name}`, `setup: ${setup}`];
  for (let i = 0; i < rounds; i++) lines.push(...round(i));
  lines.push('check: SELECT count(*) FROM c');
  return { name, text: lines.join('\n') + '\n' };
}
const table = 'CREATE TABLE c (id int PRIMARY KEY, n int NOT NULL); INSERT INTO c VALUES (1, 0), (2, 0)';
const races = [
  race('apart', table, () => ['A: BEGIN', 'A: UPDATE c SET n = n + 1 WHERE id = 1', 'A: COMMIT', 'B: SELECT n FROM c WHERE id = 2'], 200),
  race('lost update x100', table, (i) => ['A: BEGIN', 'B: BEGIN', 'A: SELECT n FROM c WHERE id = 1', 'B: SELECT n FROM c WHERE id = 1',
    `A: UPDATE c SET n = ${2 * i + 1} WHERE id = 1`, `B: UPDATE c SET n = ${2 * i + 2} WHERE id = 1`, 'A: COMMIT', 'B: COMMIT'], 100),
  race('repeatable read x100', table, (i) => ['A: BEGIN ISOLATION LEVEL REPEATABLE READ', 'B: BEGIN ISOLATION LEVEL REPEATABLE READ',
    'A: SELECT n FROM c WHERE id = 1', 'B: SELECT n FROM c WHERE id = 1', `A: UPDATE c SET n = ${i + 1} WHERE id = 1`,
    `B: UPDATE c SET n = ${i + 1} WHERE id = 1`, 'A: COMMIT', 'B: ROLLBACK'], 100),
];

const empty = join(work, 'empty.sql');
writeFileSync(empty, 'SELECT 1;\n');
const emptyRace = join(work, 'empty.txt');
writeFileSync(emptyRace, 'id: e\ntitle: E\nA: SELECT 1\nB: SELECT 1\n');

const startSql = median(Array.from({ length: runs }, () => timed('pgplay-sql', empty)));
const startRace = median(Array.from({ length: runs }, () => timed('race-run', emptyRace)));

console.log(`race engine on PGlite in Node, median of ${runs} runs; start-up taken off (pgplay-sql ${startSql.toFixed(0)} ms, race-run ${startRace.toFixed(0)} ms)\n`);
console.log('| scenario | race statements | race-run, ms | per race statement | plain statements | plain, ms | per plain statement |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
try {
  for (const { name, text } of races) {
    const statements = text.split('\n').filter((l) => /^[A-Z][A-Za-z0-9]*:/.test(l)).length;
    const raceFile = join(work, 'race.txt');
    const sqlFile = join(work, 'plain.sql');
    writeFileSync(raceFile, text);
    writeFileSync(sqlFile, plainScript(text));
    const plain = Math.max(0, median(Array.from({ length: runs }, () => timed('pgplay-sql', sqlFile))) - startSql);
    // The plain script counts its setup statements too, and may stop early at an error that the
    // race shows as a result (23505 in the unique-insert race): divide by what it ran.
    const plainStatements = Math.max(1, statementsRun());
    const race = Math.max(0, median(Array.from({ length: runs }, () => timed('race-run', raceFile))) - startRace);
    console.log(`| ${name} | ${statements} | ${race.toFixed(0)} | ${(race / statements).toFixed(1)} | ${plainStatements} | ${plain.toFixed(0)} | ${(plain / plainStatements).toFixed(1)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
