// scripts/pgplay-sql: a SQL file through pgplay's core on PGlite in Node, the result model as
// JSON on stdout; exit status 0 when the script ran without error, 1 on an SQL error.
//
// Each run starts PGlite (several seconds), so all runs start at once in before() and the tests
// check their outputs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runTool as runSharedTool } from './run-tool.mjs';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TOOL = join(ROOT, 'scripts/pgplay-sql');

async function runTool(args, { cwd = ROOT, timeout = 120000 } = {}) {
  const out = await runSharedTool(TOOL, args, { cwd, timeout });
  let json = null, parseError = null;
  try {
    json = JSON.parse(out.stdout);
  } catch (err) {
    parseError = err.message;
  }
  return { ...out, json, parseError };
}

function parsed(out) {
  assert.equal(out.signal, null, `the tool was killed (${out.signal}); stderr: ${out.stderr}`);
  assert.ok(out.json, `stdout is one JSON document (${out.parseError}): ${out.stdout.slice(0, 300)} / stderr: ${out.stderr.slice(0, 300)}`);
  assert.equal(out.stdout.trim().split('\n').length, 1, 'one line of JSON');
  return out.json;
}

const SCRIPT = `-- a learner's script
CREATE TABLE t (id int PRIMARY KEY, name text, price numeric(6,2));
INSERT INTO t VALUES (1, 'grüße', 1.50), (2, NULL, NULL), (3, '', 0);
SELECT id, name, price FROM t ORDER BY id;
SELECT * FROM missing_table;
SELECT 99;
`;

describe('scripts/pgplay-sql', () => {
  let dir;
  const out = {};
  before(async () => {
    assert.ok(existsSync(join(ROOT, 'build/node/pgplay_sql.cjs')), 'build/node/pgplay_sql.cjs: run scripts/build.sh node');
    dir = mkdtempSync(join(tmpdir(), 'pgplay-sql-test-'));
    const file = (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const t0 = Date.now();
    const [script, empty, nul, capped, elsewhere, bigValue, endless, copy, dump] = await Promise.all([
      runTool([file('script.sql', SCRIPT)]),
      runTool([file('empty.sql', '')]),
      runTool([file('nul.sql', 'CREATE TABLE never (x int);\nSELECT 1\u0000; SELECT 2;\n')]),
      runTool([file('series.sql', 'SELECT g FROM generate_series(1, 100) g'), '--row-cap', '10']),
      (file('relative.sql', 'SELECT 1 AS one'), runTool(['relative.sql'], { cwd: dir })),
      // 3 MB of two-byte characters in one value, 64 MiB + of rows in one result.
      runTool([file('big.sql', "SELECT 1 AS id, repeat('é', 1500000) AS v; " +
                               "SELECT g, repeat('x', 100000) AS pad FROM generate_series(1, 1000) g")]),
      runTool([file('endless.sql', 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r'),
               '--timeout', '2']),
      // COPY ... FROM STDIN used to wait for data forever (until the watchdog); COPY TO STDOUT shows its lines.
      runTool([file('copy.sql', 'CREATE TABLE c (a int, b text);\nINSERT INTO c VALUES (1, \'x\'), (2, NULL);\n' +
                                'COPY c TO STDOUT;\nCOPY c FROM stdin;'), '--timeout', '30']),
      // A plain pg_dump file: its table data comes as COPY ... FROM stdin with data lines.
      runTool([file('dump.sql', 'CREATE TABLE public.people (id integer NOT NULL, name text);\n' +
                                'COPY public.people (id, name) FROM stdin;\n1\tAda\n2\t\\N\n3\tit\'s -- fine; really\n\\.\n' +
                                'SELECT id, name FROM public.people ORDER BY id;\n')]),
    ]);
    Object.assign(out, { script, empty, nul, capped, elsewhere, bigValue, endless, copy, dump });
    console.log(`9 runs of pgplay-sql in parallel: ${Date.now() - t0} ms (each ${Object.values(out).map((o) => o.ms).join(', ')} ms)`);
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('runs DDL, INSERT and SELECT, stops at the first error, exact JSON', () => {
    const r = parsed(out.script);
    assert.deepEqual(Object.keys(r).sort(), ['error', 'ms', 'notices', 'ok', 'results', 'transactionStatus']);
    assert.equal(r.ok, false);
    assert.equal(typeof r.ms, 'number');
    assert.deepEqual(r.notices, []);
    assert.equal(r.transactionStatus, 'I');
    assert.deepEqual(r.results, [
      { command: 'CREATE TABLE', tag: 'CREATE TABLE', rowCount: 0, fields: [], rows: [], truncated: false },
      { command: 'INSERT', tag: 'INSERT 0 3', rowCount: 3, fields: [], rows: [], truncated: false },
      {
        command: 'SELECT', tag: 'SELECT 3', rowCount: 3,
        fields: [
          { name: 'id', type: 'int4', typeOid: 23 },
          { name: 'name', type: 'text', typeOid: 25 },
          { name: 'price', type: 'numeric', typeOid: 1700 },
        ],
        rows: [['1', 'grüße', '1.50'], ['2', null, null], ['3', '', '0.00']],
        truncated: false,
      },
    ], 'the statements before the error, in order; SELECT 99 after it is not run');
    assert.deepEqual(r.error, {
      sqlstate: '42P01',
      message: 'relation "missing_table" does not exist',
      detail: '',
      hint: '',
      position: [...SCRIPT.slice(0, SCRIPT.indexOf('missing_table'))].length + 1,
      severity: 'ERROR',
      context: '',
    });
  });

  it('COPY ... FROM STDIN ends at once with a clear error; COPY TO STDOUT shows its lines', () => {
    const r = parsed(out.copy);
    assert.equal(r.ok, false);
    assert.equal(r.error.sqlstate, '0A000', JSON.stringify(r.error));   // a hang would end in the watchdog's 57014
    assert.equal(r.error.message, 'COPY ... FROM STDIN has no data to read here');
    assert.match(r.error.hint, /INSERT INTO/);
    const copyOut = r.results[2];
    assert.equal(copyOut.tag, 'COPY 2');
    assert.deepEqual(copyOut.rows, [['1\tx'], ['2\t\\N']]);
  });

  it('a pg_dump file restores: COPY ... FROM stdin takes the data lines up to \\.', () => {
    const r = parsed(out.dump);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.results[1].tag, 'COPY 3');
    assert.deepEqual(r.results[2].rows, [['1', 'Ada'], ['2', null], ['3', "it's -- fine; really"]]);
  });

  it('exits with status 1 on an SQL error', () => {
    parsed(out.script);
    assert.equal(out.script.code, 1, 'exit status after an SQL error');
  });

  it('an empty file: ok, no results, exit 0', () => {
    const r = parsed(out.empty);
    assert.equal(r.ok, true);
    assert.equal(r.error, null);
    assert.deepEqual(r.results, []);
    assert.equal(out.empty.code, 0);
  });

  it('a NUL byte: PGNUL error, nothing run, exit 1', () => {
    const r = parsed(out.nul);
    assert.equal(r.ok, false);
    assert.equal(r.error.sqlstate, 'PGNUL');
    assert.match(r.error.message, /NUL/);
    assert.ok(r.error.hint.length > 0, 'a hint says what to do');
    assert.deepEqual(r.results, [], 'not even the statement before the NUL ran');
    assert.equal(out.nul.code, 1, 'exit status after the PGNUL error');
  });

  it('--row-cap 10 on 100 rows: truncated, 10 rows', () => {
    const r = parsed(out.capped);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.results.length, 1);
    const s = r.results[0];
    assert.equal(s.truncated, true);
    assert.equal(s.rowCount, 10);
    assert.deepEqual(s.rows, Array.from({ length: 10 }, (_, i) => [String(i + 1)]));
    assert.equal(out.capped.code, 0);
  });

  it('works from any directory (relative file path, cwd outside the repository)', () => {
    const r = parsed(out.elsewhere);
    assert.equal(r.ok, true, `run from ${dir}: ${JSON.stringify(r.error)}`);
    assert.deepEqual(r.results[0].rows, [['1']]);
    assert.equal(out.elsewhere.code, 0);
  });

  it('usage errors exit 2 without starting PostgreSQL', async () => {
    const none = await runTool([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /usage/);
    const missing = await runTool([join(dir, 'does-not-exist.sql')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read/);
  });

  it('cuts a value longer than 1 MiB at a character boundary, with its full length', () => {
    const r = parsed(out.bigValue);
    assert.equal(r.ok, true);
    const one = r.results[0];
    assert.deepEqual(one.cutValues, [{ row: 0, column: 1, bytes: 3000000 }]);
    const kept = one.rows[0][1];
    assert.equal(Buffer.byteLength(kept), 1048576);   // 2-byte characters: an even cut
    assert.match(kept, /^é+$/);
  });

  it('keeps at most 64 MiB of rows in one result and says so', () => {
    const r = parsed(out.bigValue);
    const rows = r.results[1];
    assert.equal(rows.truncated, true);
    assert.equal(rows.truncatedAtBytes, 64 * 1024 * 1024);
    assert.ok(rows.rows.length > 600 && rows.rows.length < 700, `rows kept: ${rows.rows.length}`);
    assert.equal(rows.rowCount, rows.rows.length);
  });

  it('stops a query that never ends after --timeout, with 57014', () => {
    const r = parsed(out.endless);
    assert.equal(out.endless.code, 1);
    assert.equal(r.error.sqlstate, '57014');
    assert.equal(r.error.message, 'canceling statement due to statement timeout');
    assert.match(r.error.detail, /longer than 2 s/);
  });
});
