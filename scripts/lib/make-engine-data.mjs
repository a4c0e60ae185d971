// PGlite's file bundle (pglite.data: the files PostgreSQL finds in its installation directory)
// with the files only initdb and PostgreSQL's build system use made empty, for pgplay, which
// starts every database from a data directory made at build time (make-initial-db.mjs) and so
// never runs initdb in the browser.
//
// The bundle's table of contents (each file's start and end offset) is compiled into PGlite's
// pglite.js, and PGlite checks the bundle's size against it: so the files keep their places and
// their bytes become zeros, which compress to almost nothing. PGlite's own pglite.data stays
// as it is beside it (the start-up benchmark's bare-PGlite page runs initdb with it).
//
// The result is then started in Node on the starting database and asked what learners use of the
// installation directory (time zones, text search dictionaries, PL/pgSQL, the information
// schema), and an encoding conversion must fail cleanly: a bundle that breaks any of that fails
// the build.
//
// usage: node scripts/lib/make-engine-data.mjs <pglite dist dir> <initial-db.tar.gz> <out.data>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [dist, initialDb, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: make-engine-data.mjs <pglite dist dir> <initial-db.tar.gz> <out.data>');
  process.exit(2);
}

// What initdb reads to make a cluster, configuration samples it copies, and what builds
// extensions (PGXS) or streams replication: nothing a running single-user PostgreSQL opens.
// And the encoding conversion modules (a megabyte compressed): in PGlite 0.5 a real conversion
// (convert_to('é', 'LATIN1'), SET client_encoding) answers with no rows and leaves PostgreSQL
// unable to answer anything after it (upstream electric-sql/pglite#1076, and measured here);
// without the modules the same statement fails with an error, and the database stays usable.
const NOT_AT_RUN_TIME = [
  /^\/pglite\/lib\/postgresql\/[a-z0-9_]+_and_[a-z0-9_]+\.so$/,
  /^\/pglite\/share\/postgresql\/postgres\.bki$/,
  /^\/pglite\/share\/postgresql\/[^/]+\.sql$/,           // information_schema.sql, system_*.sql, ...
  /^\/pglite\/share\/postgresql\/(sql_features|errcodes)\.txt$/,
  /^\/pglite\/share\/postgresql\/[^/]+\.sample$/,
  /^\/pglite\/lib\/postgresql\/pgxs\//,
  /^\/pglite\/lib\/postgresql\/libpqwalreceiver\.so$/,
];

const glue = readFileSync(join(dist, 'pglite.js'), 'utf8');
const bundle = Buffer.from(readFileSync(join(dist, 'pglite.data')));
const entries = [...glue.matchAll(/filename:"([^"]+)",start:(\d+),end:(\d+)/g)]
  .map(([, name, start, end]) => ({ name, start: Number(start), end: Number(end) }));
if (entries.length < 100 || entries.some((e) => e.end > bundle.length || e.start > e.end)) {
  throw new Error(`pglite.js's table of pglite.data's files was not understood (${entries.length} entries): see make-engine-data.mjs`);
}
const emptied = entries.filter((e) => NOT_AT_RUN_TIME.some((re) => re.test(e.name)));
if (!emptied.some((e) => e.name.endsWith('/postgres.bki'))) throw new Error('postgres.bki is not where it was expected in pglite.data');
for (const e of emptied) bundle.fill(0, e.start, e.end);

await checkStarts(bundle);
writeFileSync(out, bundle);
const before = gzipSync(readFileSync(join(dist, 'pglite.data'))).length;
const after = gzipSync(bundle).length;
console.error(`engine data: ${emptied.length} files emptied, ${(before / 1e6).toFixed(2)} -> ${(after / 1e6).toFixed(2)} MB gzipped`);

// PostgreSQL on this bundle and the starting database answers what a learner asks of its
// installation directory.
async function checkStarts(data) {
  const { PGlite } = await import(join(process.cwd(), 'node_modules/@electric-sql/pglite/dist/index.js'));
  const pg = await PGlite.create({
    fsBundle: new Blob([data]),
    loadDataDir: new Blob([readFileSync(initialDb)], { type: 'application/x-gzip' }),
  });
  const checks = [
    ["SET TIME ZONE 'America/New_York'; SELECT to_char(timestamptz '2024-07-01 12:00+00', 'HH24')", '08'],
    ["SELECT to_tsvector('english', 'The runners were running')::text", "'run':4 'runner':2"],
    ["SELECT convert_to('é', 'LATIN1')", /^error: could not load library/],   // an error, not a broken engine
    ["SELECT encode(convert_to('abc', 'UTF8'), 'hex')", '616263'],
    ["DO $$ BEGIN PERFORM 1; END $$; SELECT count(*) > 0 FROM information_schema.tables", 'true'],
    ["SELECT count(*) > 100 FROM pg_timezone_names", 'true'],
  ];
  try {
    for (const [sql, expected] of checks) {
      let got;
      try {
        const results = await pg.exec(sql);
        got = String(Object.values(results[results.length - 1].rows[0] ?? {})[0]);
      } catch (err) {
        got = `error: ${err.message}`;
      }
      if (expected instanceof RegExp ? !expected.test(got) : got !== expected) throw new Error(`the trimmed engine data breaks PostgreSQL: ${sql}: ${got}, expected ${expected}`);
    }
  } finally {
    await pg.close();
  }
}
process.exit(0);   // PGlite keeps Node's event loop alive
