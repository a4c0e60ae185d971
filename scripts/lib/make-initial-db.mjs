// Makes the database every new pgplay database starts from: a PostgreSQL data directory that
// PGlite initialised here, at build time, so the browser loads it (PGlite's loadDataDir) instead
// of running initdb, which takes seconds of its CPU on each first visit and after each Reset.
//
// Made small before it is packed, because every file of it is written to the browser's storage
// on a first visit (one file at a time: the file count is what costs) and kept in memory:
//   - the template databases are dropped: PGlite serves one database, "postgres", and a database
//     made with CREATE DATABASE could never be connected to (pgplay suggests a schema instead);
//   - WAL segments are 1 MB, not 16, and the WAL is switched to fresh, zero-filled segments
//     after a checkpoint, so it holds nothing but that checkpoint.
//
// usage: node scripts/lib/make-initial-db.mjs OUT.tar.gz
import { writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const out = process.argv[2];
if (!out) {
  console.error('usage: make-initial-db.mjs OUT.tar.gz');
  process.exit(2);
}

// 1 MB WAL segments instead of 16: every segment is a file PGlite keeps in memory and the
// browser's storage mirrors, and learners' databases are small.
const pg = await PGlite.create({ initDbStartParams: ['--wal-segsize=1'] });
// One statement per call: a multi-statement string is one transaction, where DROP DATABASE fails.
for (const sql of ['SET wal_recycle = off',
  "UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')",
  'DROP DATABASE template0', 'DROP DATABASE template1']) {
  await pg.exec(sql);
}
// initdb leaves segments recycled ahead (full of old WAL, which packs badly): switch past them,
// with recycling off, until only fresh, zero-filled segments remain.
for (let i = 0; i < 12; i++) {
  await pg.query('SELECT pg_switch_wal()');
  await pg.exec('CHECKPOINT');
}
const tarball = await pg.dumpDataDir('gzip');
writeFileSync(out, Buffer.from(await tarball.arrayBuffer()));
await pg.close();
console.log(`${out}: ${(tarball.size / 1e6).toFixed(2)} MB`);
process.exit(0);   // PGlite's Node runtime keeps the event loop alive after close()
