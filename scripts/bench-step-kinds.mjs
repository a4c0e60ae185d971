// What checking one answer costs for each kind of lesson step, on PGlite in Node, against a
// plain result step in the same run: a race step plays the learner's race with the race engine
// (again in every order its "any order" checks ask for), an ORM lens step only counts statements
// beside its result check, a backup step runs pg_dump (pglite-tools), the accident and the
// restore, a migration step runs up, down and up again.
//
// Each grading is one scripts/lesson-check process, which starts PGlite first (about 2 s); that
// start-up is timed on its own (a step whose answer is blank, answered without any query) and
// taken off, so the "check" column is what grading the answer took. Each answer is the step's
// own solution, read from the lesson file.
//
// usage: node scripts/bench-step-kinds.mjs [runs=5]     (after scripts/build.sh node)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] || 5);
const work = mkdtempSync(join(tmpdir(), 'pgplay-bench-steps-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The solution of step `n` (from 1) of a lesson file, as the tests read it.
function solution(file, n) {
  const section = readFileSync(join(root, 'lessons', file), 'utf8').split(/^## Step: /m)[n];
  const at = section.search(/^### Solution\s*$/m);
  return /```[a-z]*\n([\s\S]*?)```/.exec(section.slice(at))[1];
}

function grade(lesson, step, answerFile) {
  const t0 = performance.now();
  let out;
  try {
    out = execFileSync(join(root, 'scripts', 'lesson-check'), [lesson, String(step), answerFile],
      { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 }).toString();
  } catch (err) {
    out = err.stdout ? err.stdout.toString() : '';
  }
  return { ms: performance.now() - t0, verdict: JSON.parse(out || '{}') };
}

const kinds = [
  { kind: 'result (baseline)', lesson: 'joins', file: '04-joins.md', step: 1 },
  { kind: 'migration', lesson: 'migrations', file: '09-migrations.md', step: 1 },
  { kind: 'race (written order only)', lesson: 'isolation-and-locking', file: '08-isolation-and-locking.md', step: 3 },
  { kind: 'race (any order: 3 plays)', lesson: 'isolation-and-locking', file: '08-isolation-and-locking.md', step: 1 },
  { kind: 'ORM lens', lesson: 'orm-and-n-plus-one', file: '11-orm-and-n-plus-one.md', step: 1 },
  { kind: 'backup (pg_dump)', lesson: 'backups', file: '17-backups.md', step: 1 },
];

const blank = join(work, 'blank.sql');
writeFileSync(blank, '\n');
const startup = median(Array.from({ length: runs }, () => grade('joins', 1, blank).ms));

const rows = [];
for (const k of kinds) {
  const answer = join(work, `${k.lesson}-${k.step}.sql`);
  writeFileSync(answer, solution(k.file, k.step));
  const times = [];
  let passed = true;
  for (let i = 0; i < runs; i++) {
    const { ms, verdict } = grade(k.lesson, k.step, answer);
    times.push(ms - startup);
    passed &&= verdict.pass === true;
  }
  rows.push({ kind: k.kind, step: `${k.lesson} ${k.step}`, ms: median(times), passed });
}
rmSync(work, { recursive: true, force: true });

const base = rows[0].ms;
console.log(`Checking one answer (the step's solution), median of ${runs} runs, PGlite start-up (${startup.toFixed(0)} ms) taken off`);
console.log('| step kind | lesson step | check (ms) | vs result step | passed |');
console.log('|---|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.kind} | ${r.step} | ${r.ms.toFixed(0)} | ${(r.ms / base).toFixed(1)}x | ${r.passed ? 'yes' : 'NO'} |`);
