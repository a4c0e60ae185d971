// Captures EXPLAIN plans from PGlite (the browser's engine, here in Node) as fixtures for the plan
// parsers' tests: the PGlite twin of scripts/capture-plans.sh.
//
//   node scripts/capture-plans-pglite.mjs
//
// Builds the schema in tests/fixtures/plans/queries.sql in a fresh in-memory PGlite, runs each query
// listed there under EXPLAIN twice, and writes what psql -At would print for it to
//   tests/fixtures/plans/pglite/<name>.json   EXPLAIN (ANALYZE, BUFFERS, SETTINGS, FORMAT JSON)
//   tests/fixtures/plans/pglite/<name>.txt    EXPLAIN (ANALYZE, BUFFERS, SETTINGS), the text form
// and the PGlite and PostgreSQL versions to tests/fixtures/plans/pglite/VERSION.
//
// Idempotent: every run starts from an empty database and overwrites the files. Timings and buffer
// counts differ from run to run, the shape of each plan does not (see queries.sql).
//
// What PGlite prints differs from PostgreSQL 15's plans on purpose, not by accident of capture:
// PGlite 0.5.x is PostgreSQL 18, single-process (parallel plans launch no workers), and one session
// for the whole run (the catalog caches are warm after the first EXPLAIN of a query, so the second
// one often has no "Planning: Buffers" line).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const specPath = join(root, 'tests/fixtures/plans/queries.sql');
const out = join(root, 'tests/fixtures/plans/pglite');
const log = (line) => console.error('[pgplay] ' + line);

// --- queries.sql: the schema's statements and the "--@ name|settings|query" lines -------------
const spec = readFileSync(specPath, 'utf8');
const queries = [];
const schemaLines = [];
for (const line of spec.split('\n')) {
  if (line.startsWith('--@ ')) {
    // As bash's `IFS='|' read -r name settings query` splits it: the query keeps any further "|".
    const entry = line.slice(4);
    const first = entry.indexOf('|');
    const second = entry.indexOf('|', first + 1);
    if (first < 0 || second < 0) throw new Error(`${specPath}: a query line needs name|settings|query: ${line}`);
    queries.push({ name: entry.slice(0, first), settings: entry.slice(first + 1, second), query: entry.slice(second + 1) });
  } else if (!line.trimStart().startsWith('--')) {
    schemaLines.push(line);
  }
}
if (queries.length === 0) throw new Error(`no queries (lines starting with '--@ ') in ${specPath}`);
// One statement at a time: PGlite runs a string of statements as one implicit transaction, and
// VACUUM refuses to run inside a transaction. queries.sql ends each statement at a line's end.
const schemaStatements = schemaLines.join('\n').split(/;[ \t]*\n/).map((s) => s.trim()).filter(Boolean);

// --- capture -------------------------------------------------------------------------------
const pglitePackage = JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'));
const db = await PGlite.create();
const serverVersion = (await db.query('SHOW server_version')).rows[0].server_version;
log(`capturing plans from PGlite ${pglitePackage.version} (PostgreSQL ${serverVersion}) into ${relative(root, out)}`);
mkdirSync(out, { recursive: true });

for (const statement of schemaStatements) await db.exec(statement);

// EXPLAIN's rows as psql -At prints them: each row, then a newline. FORMAT JSON's one row is of
// type json, which PGlite would parse into an object; the parser override keeps PostgreSQL's own
// text (its indentation and number formats are what the fixtures are for).
const keepText = (text) => text;
async function explain(options, settings, query) {
  // Rolled back, so an EXPLAIN ANALYZE of a write leaves the database as it was.
  await db.exec('BEGIN');
  try {
    if (settings.trim()) await db.exec(settings);
    const result = await db.query(`EXPLAIN (${options}) ${query}`, [], { parsers: { 114: keepText } });
    return result.rows.map((row) => row['QUERY PLAN'] + '\n').join('');
  } finally {
    await db.exec('ROLLBACK');
  }
}

for (const { name, settings, query } of queries) {
  writeFileSync(join(out, `${name}.json`), await explain('ANALYZE, BUFFERS, SETTINGS, FORMAT JSON', settings, query));
  writeFileSync(join(out, `${name}.txt`), await explain('ANALYZE, BUFFERS, SETTINGS', settings, query));
  log(`  ${name}`);
}
await db.close();

writeFileSync(join(out, 'VERSION'), `PGlite ${pglitePackage.version}, PostgreSQL ${serverVersion}\n`);
log(`wrote ${queries.length} plans (JSON and text) from PGlite ${pglitePackage.version} to ${relative(root, out)}`);
