// Makes the database every new pgplay database starts from: a PostgreSQL data directory that
// PGlite initialised here, at build time, so the browser loads it (PGlite's loadDataDir) instead
// of running initdb, which takes seconds of its CPU on each first visit and after each Reset.
//
// Made small before it is packed: template0 is dropped (PGlite serves one database, "postgres";
// template1 stays, so CREATE DATABASE still works), and the WAL is switched to a fresh, zero-
// filled segment after a checkpoint, so it holds nothing but that checkpoint.
//
// usage: node scripts/lib/make-initial-db.mjs OUT.tar.gz
import { writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const out = process.argv[2];
if (!out) {
  console.error('usage: make-initial-db.mjs OUT.tar.gz');
  process.exit(2);
}

const pg = await PGlite.create();
// One statement per call: a multi-statement string is one transaction, where DROP DATABASE fails.
for (const sql of ['SET wal_recycle = off', "UPDATE pg_database SET datistemplate = false WHERE datname = 'template0'",
  'DROP DATABASE template0']) {
  await pg.exec(sql);
}
for (let i = 0; i < 2; i++) {   // the second switch leaves the first checkpoint's segment behind
  await pg.query('SELECT pg_switch_wal()');
  await pg.exec('CHECKPOINT');
}
const tarball = await pg.dumpDataDir('gzip');
writeFileSync(out, Buffer.from(await tarball.arrayBuffer()));
await pg.close();
console.log(`${out}: ${(tarball.size / 1e6).toFixed(2)} MB`);
process.exit(0);   // PGlite's Node runtime keeps the event loop alive after close()
