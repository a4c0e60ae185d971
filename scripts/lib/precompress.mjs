// Writes a brotli (.br) and a gzip (.gz) copy beside every compressible file of the assembled
// site, compressed once at the highest levels, for servers that send a precompressed copy when
// the browser accepts it (scripts/lib/static-server.mjs does; so do nginx's gzip_static and
// brotli_static, and Caddy's precompressed). Brotli at level 11 sends PostgreSQL's wasm in
// 2.6 MB where gzip on the fly sends 3.3 MB.
//
// Compressing takes a minute the first time, so the copies are kept in build/cache by the
// content's hash. Copies whose file is gone are removed, and every copy is rewritten (from the
// cache) on each run, so a copy never outlives or contradicts its file; the cache keeps only
// this site's copies.
//
// usage: node scripts/lib/precompress.mjs <site dir> <cache dir>
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const [site, cache] = process.argv.slice(2);
if (!cache) {
  console.error('usage: precompress.mjs <site dir> <cache dir>');
  process.exit(2);
}

// Text, WebAssembly, fonts and PGlite's file bundle; not PNGs or tarballs, compressed already.
const COMPRESSIBLE = /\.(html|js|mjs|json|webmanifest|svg|css|md|txt|wasm|ttf|data)$/;
const MIN_BYTES = 1024;   // below a packet, compression saves nothing worth a second file

const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]);

const files = walk(site);
for (const copy of files.filter((f) => /\.(br|gz)$/.test(f) && COMPRESSIBLE.test(f.slice(0, -3)))) {
  if (!existsSync(copy.slice(0, -3))) unlinkSync(copy);
}

const compressors = {
  br: (bytes) => promisify(brotliCompress)(bytes, { params: {
    [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
  gz: (bytes) => promisify(gzip)(bytes, { level: 9 }),
};

mkdirSync(cache, { recursive: true });
const sources = files.filter((f) => COMPRESSIBLE.test(f) && statSync(f).size >= MIN_BYTES);
const used = new Set();
let made = 0;
let next = 0;
async function lane() {
  while (next < sources.length) {
    const file = sources[next++];
    const bytes = readFileSync(file);
    const hash = createHash('sha1').update(bytes).digest('hex');
    for (const [ext, compress] of Object.entries(compressors)) {
      const cached = join(cache, `${hash}.${ext}`);
      used.add(cached);
      if (!existsSync(cached)) {
        writeFileSync(cached + '.part', await compress(bytes));
        renameSync(cached + '.part', cached);
        made++;
      }
      writeFileSync(`${file}.${ext}`, readFileSync(cached));
    }
  }
}
await Promise.all([lane(), lane()]);
for (const name of readdirSync(cache)) {   // copies of files this site no longer has
  if (!used.has(join(cache, name))) unlinkSync(join(cache, name));
}
console.error(`precompressed ${sources.length} files (${made} copies made, the rest from the cache)`);
