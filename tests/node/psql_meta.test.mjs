// psql meta-commands on real PGlite (PostgreSQL 17) through scripts/pgplay-sql: the catalog
// queries were checked against psql 15 on a real server (tests/pg); this shows they also run on
// the PostgreSQL version the browser has, where some catalog columns differ, and that the wire
// path (one batch per meta-command, the run in pieces around \d NAME) works on PGlite itself.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runTool } from './run-tool.mjs';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TOOL = join(ROOT, 'scripts/pgplay-sql');

const SCRIPT = String.raw`CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL CHECK (name <> ''),
  email varchar(200) UNIQUE);
CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id int REFERENCES users ON DELETE CASCADE);
CREATE INDEX t_user ON t (user_id);
CREATE TYPE mood AS ENUM ('sad', 'ok');
\dt
\d t
SELECT 1 AS one; \d users
\di
\dT
\df
\dn
\du
\l
\dx
\conninfo
\x
\d nosuch
SELECT 'never' AS reached;
`;

describe('psql meta-commands on PGlite', () => {
  let dir;
  let out;
  before(async () => {
    assert.ok(existsSync(join(ROOT, 'build/node/pgplay_sql.cjs')), 'build/node/pgplay_sql.cjs: run scripts/build.sh node');
    dir = mkdtempSync(join(tmpdir(), 'pgplay-meta-test-'));
    const path = join(dir, 'meta.sql');
    writeFileSync(path, SCRIPT);
    const run = await runTool(TOOL, [path], { cwd: ROOT });
    assert.equal(run.signal, null, `killed; stderr: ${run.stderr}`);
    out = JSON.parse(run.stdout);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const byCommand = (command) => out.results.filter((r) => r.command === command);
  const rowsOf = (r) => r.rows.map((row) => row.map((v) => (v === null ? '' : v)));

  it('\\dt lists the tables like psql', () => {
    const [dt] = byCommand('\\dt');
    assert.equal(dt.title, 'List of relations');
    assert.deepEqual(dt.fields.map((f) => f.name), ['Schema', 'Name', 'Type', 'Owner']);
    assert.deepEqual(rowsOf(dt).map((r) => r.slice(0, 3)), [['public', 't', 'table'], ['public', 'users', 'table']]);
  });

  it('\\d t describes columns, indexes and foreign keys on PostgreSQL 17', () => {
    const [dt, dusers] = byCommand('\\d');
    assert.equal(dt.title, 'Table "public.t"');
    assert.deepEqual(dt.fields.map((f) => f.name), ['Column', 'Type', 'Collation', 'Nullable', 'Default']);
    assert.deepEqual(rowsOf(dt), [
      ['id', 'integer', '', 'not null', 'generated always as identity'],
      ['user_id', 'integer', '', '', ''],
    ]);
    assert.deepEqual(dt.footer, [
      'Indexes:',
      '    "t_pkey" PRIMARY KEY, btree (id)',
      '    "t_user" btree (user_id)',
      'Foreign-key constraints:',
      '    "t_user_id_fkey" FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE',
    ]);
    assert.equal(dusers.title, 'Table "public.users"');
    assert.ok(dusers.footer.includes('Referenced by:'), JSON.stringify(dusers.footer));
    assert.ok(dusers.footer.includes(`    "users_name_check" CHECK (name <> ''::text)`), JSON.stringify(dusers.footer));
  });

  it('the other lists and client-side commands answer', () => {
    assert.equal(byCommand('\\di')[0].rows.length, 4);
    assert.deepEqual(rowsOf(byCommand('\\dT')[0]), [['public', 'mood', '']]);
    assert.equal(byCommand('\\dn')[0].title, 'List of schemas');
    assert.ok(byCommand('\\du')[0].rows.length >= 1);
    const [l] = byCommand('\\l');
    assert.equal(l.title, 'List of databases');
    assert.deepEqual(l.fields.map((f) => f.name),
      ['Name', 'Owner', 'Encoding', 'Collate', 'Ctype', 'ICU Locale', 'Locale Provider', 'Access privileges']);
    assert.ok(l.rows.some((r) => r[0] === 'postgres'));
    assert.ok(byCommand('\\dx')[0].rows.some((r) => r[0] === 'plpgsql'));
    assert.match(byCommand('\\conninfo')[0].tag, /^You are connected to database "[^"]+" as user "[^"]+"/);
    assert.equal(byCommand('\\x')[0].tag, 'Expanded display is on.');
  });

  it('\\d of nothing stops the script with psql\'s words', () => {
    assert.equal(out.ok, false);
    assert.equal(out.error.message, 'Did not find any relation named "nosuch".');
    assert.equal(out.error.sqlstate, 'PGMET');
    assert.ok(!out.results.some((r) => r.command === 'SELECT' && r.rows[0]?.[0] === 'never'));
    assert.equal(out.results.at(-1).command, '\\x');   // everything before the \d ran, nothing after it
  });
});
