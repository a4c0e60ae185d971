// Gives the site's large files names that change when their contents do, so a host may let
// browsers cache them forever (netlify.toml: /assets/* is immutable) and a new deploy downloads
// only what changed: assets/<name>.<hash>.<ext>. Writes the map the page reads (assets.js, see
// web/assets.js) and points index.html's preloads and script at the new names; PGlite's folder
// and pglite-tools' folders are named for their versions by assemble-site.sh.
//
// usage: node scripts/lib/hash-assets.mjs SITE_DIR PGLITE_DIR_NAME PGLITE_TOOLS_DIR_NAME
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

// Hashed: everything large that a build produces or copies, by its plain name.
const HASHED = ['pgplay.js', 'pgplay.wasm', 'fonts/ui.ttf', 'fonts/mono.ttf', 'fonts/fallback-cjk.ttf',
  'fonts/fallback-symbols.ttf', 'initial-db.tar.gz', 'pglite-runtime.data'];

const [site, pgliteDir, toolsDir] = process.argv.slice(2);
if (!site || !pgliteDir || !toolsDir) {
  console.error('usage: hash-assets.mjs SITE_DIR PGLITE_DIR_NAME PGLITE_TOOLS_DIR_NAME');
  process.exit(2);
}

// An earlier build's hashed files go first: build/web holds only this build's.
rmSync(join(site, 'assets'), { recursive: true, force: true });
mkdirSync(join(site, 'assets'));

const map = {};
for (const name of HASHED) {
  const from = join(site, name);
  if (!existsSync(from)) throw new Error(`hash-assets: ${name} is missing from ${site}`);
  const bytes = readFileSync(from);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  // "initial-db.tar.gz" -> "initial-db.<hash>.tar.gz": the hash goes before the whole extension.
  const file = basename(name);
  const ext = file.endsWith('.tar.gz') ? '.tar.gz' : extname(file);
  const hashed = `assets/${file.slice(0, file.length - ext.length)}.${hash}${ext}`;
  renameSync(from, join(site, hashed));
  map[name] = hashed;
}
// Folders the hashed files left empty.
for (const dir of new Set(HASHED.map((n) => dirname(n)).filter((d) => d !== '.'))) {
  const path = join(site, dir);
  if (existsSync(path) && readdirSync(path).length === 0) rmSync(path, { recursive: true });
}

writeFileSync(join(site, 'assets.js'), `// Made by scripts/lib/hash-assets.mjs for this build (see web/assets.js).
export const ASSETS = ${JSON.stringify(map, null, 2)};
export const PGLITE_DIR = ${JSON.stringify(pgliteDir + '/')};
export const PGLITE_TOOLS_DIR = ${JSON.stringify(toolsDir + '/')};
export const assetUrl = (name) => ASSETS[name] ?? name;
`);

// index.html names the first frame's files in attributes: each must be there to be replaced.
const pagePath = join(site, 'index.html');
let page = readFileSync(pagePath, 'utf8');
for (const [attr, name] of [['href', 'pgplay.wasm'], ['href', 'fonts/ui.ttf'], ['href', 'fonts/mono.ttf'], ['src', 'pgplay.js']]) {
  const plain = `${attr}="${name}"`;
  if (!page.includes(plain)) throw new Error(`hash-assets: index.html has no ${plain} to point at ${map[name]}`);
  page = page.split(plain).join(`${attr}="${map[name]}"`);
}
writeFileSync(pagePath, page);
