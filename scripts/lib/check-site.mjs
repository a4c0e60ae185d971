// Checks a built site (build/web) against what production needs, before anything is deployed:
// the headers netlify.toml gives each file (one value per header, WebAssembly's type, a
// Content-Security-Policy that names no other origin and still lets WebAssembly compile, embeds
// allowed, caching: forever for hashed names, never for the page and the service worker), file
// names that match their contents, and pages with nothing the policy would block (inline
// scripts, other origins). Every problem is one line; the exit status is 1 when there is any.
//
// usage: node scripts/lib/check-site.mjs [SITE_DIR] [NETLIFY_TOML]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headersFor, parseCsp, parseNetlifyToml } from './site-headers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// Source keywords a policy may use; anything else names an origin (or a scheme), which pgplay
// never needs. frame-ancestors is the exception: it says which sites may embed pgplay, '*' (any,
// the default) or a list of https origins (a site that wants its embeds on its own pages only).
const KEYWORDS = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", "'unsafe-inline'", 'data:', 'blob:']);

function walk(dir, base = dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, base, out);
    else out.push(relative(base, path).split('\\').join('/'));
  }
  return out;
}

export function checkSite(site, tomlPath) {
  const problems = [];
  const problem = (text) => problems.push(text);
  let config;
  try {
    config = parseNetlifyToml(readFileSync(tomlPath, 'utf8'), tomlPath);
  } catch (err) {
    return [String(err.message)];
  }
  if (config.build.publish !== 'build/web') problem(`netlify.toml: [build] publish is "${config.build.publish}", not "build/web"`);
  if (!existsSync(join(site, 'index.html'))) return [...problems, `${site}: no index.html (build the site first: scripts/build.sh web)`];

  // Every file the host would serve: the precompressed siblings are the local server's.
  const files = walk(site).filter((f) => !/\.(br|gz)$/.test(f) || f.endsWith('.tar.gz'));
  const header = (path, name) => {
    try {
      return headersFor(config.headers, path)[name];
    } catch (err) {
      problem(String(err.message));
      return undefined;
    }
  };
  for (const file of ['/', ...files.map((f) => '/' + f)]) {
    const csp = header(file, 'content-security-policy');
    if (!csp) {
      problem(`${file}: no Content-Security-Policy`);
      continue;
    }
    if (header(file, 'x-frame-options')) problem(`${file}: X-Frame-Options would stop embeds; use frame-ancestors`);
    if (file.endsWith('.wasm') && header(file, 'content-type') !== 'application/wasm') {
      problem(`${file}: Content-Type must be application/wasm (streaming compilation needs it)`);
    }
    const cache = header(file, 'cache-control') || '';
    if (/^\/(assets|vendor)\//.test(file) && !/immutable/.test(cache)) problem(`${file}: a file with a versioned name should be cached as immutable`);
    if (!/^\/(assets|vendor)\//.test(file) && /immutable|max-age=[1-9]/.test(cache)) {
      problem(`${file}: its name does not change with its contents, so it must not be cached ("${cache}")`);
    }
  }
  for (const page of ['/', '/index.html', '/sw.js', '/precache.json']) {
    if (header(page, 'cache-control') !== 'no-cache') problem(`${page}: Cache-Control must be no-cache (a new deploy is found through it)`);
  }

  // The policy itself (the same for every file; checked once, on the page).
  const csp = parseCsp(header('/', 'content-security-policy') || '');
  for (const [directive, sources] of Object.entries(csp)) {
    for (const source of sources) {
      if (directive === 'frame-ancestors' && (source === '*' || /^https:\/\/[a-z0-9.*-]+(:\d+)?$/i.test(source))) continue;
      if (!KEYWORDS.has(source)) problem(`Content-Security-Policy ${directive}: "${source}" names another origin or a scheme`);
    }
  }
  const scriptSrc = csp['script-src'] || csp['default-src'] || [];
  if (!scriptSrc.includes("'wasm-unsafe-eval'")) problem("Content-Security-Policy: script-src needs 'wasm-unsafe-eval' to compile WebAssembly");
  if (scriptSrc.includes("'unsafe-eval'") || scriptSrc.includes("'unsafe-inline'")) problem('Content-Security-Policy: script-src must not allow eval or inline scripts');
  const ancestors = csp['frame-ancestors'] || [];
  if (ancestors.length === 0 || ancestors.includes("'none'")) problem('Content-Security-Policy: frame-ancestors must let sites embed pgplay (* or their origins)');
  for (const directive of ['default-src', 'object-src', 'base-uri']) {
    if (!csp[directive]) problem(`Content-Security-Policy: no ${directive}`);
  }

  // Hashed names match their contents.
  for (const file of files.filter((f) => f.startsWith('assets/'))) {
    const m = /\.([0-9a-f]{12})\.[a-z.]+$/.exec(file);
    if (!m) {
      problem(`/${file}: no content hash in its name`);
      continue;
    }
    const hash = createHash('sha256').update(readFileSync(join(site, file))).digest('hex').slice(0, 12);
    if (hash !== m[1]) problem(`/${file}: its contents hash to ${hash}, not ${m[1]}`);
  }
  for (const leftover of ['pgplay.wasm', 'pgplay.js', 'initial-db.tar.gz', 'pglite-runtime.data', 'fonts/ui.ttf']) {
    if (files.includes(leftover)) problem(`/${leftover}: should only be under assets/ with its hash`);
  }

  // The map the page reads, and the service worker's list, point at files that are there.
  const assetsJs = existsSync(join(site, 'assets.js')) ? readFileSync(join(site, 'assets.js'), 'utf8') : '';
  for (const [, target] of assetsJs.matchAll(/"[^"]+": "([^"]+)"/g)) {
    if (!files.includes(target)) problem(`assets.js names ${target}, which is not in the site`);
  }
  const pgliteDir = /PGLITE_DIR = "([^"]+)"/.exec(assetsJs);
  if (!pgliteDir || !files.includes(pgliteDir[1] + 'index.js')) problem("assets.js: PGlite's folder is missing or has no index.js");
  const toolsDir = /PGLITE_TOOLS_DIR = "([^"]+)"/.exec(assetsJs);
  if (!toolsDir || !files.includes(toolsDir[1] + 'pg_dump.js') || !files.includes(toolsDir[1] + 'pg_dump.wasm'))
    problem("assets.js: pglite-tools' folder is missing or has no pg_dump.js and pg_dump.wasm");
  try {
    const precache = JSON.parse(readFileSync(join(site, 'precache.json'), 'utf8'));
    for (const path of precache.files) {
      if (path !== './' && !files.includes(path)) problem(`precache.json lists ${path}, which is not in the site`);
    }
  } catch (err) {
    problem(`precache.json: ${err.message}`);
  }

  // Pages: nothing the policy blocks, nothing from elsewhere, every local reference there.
  for (const file of files.filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(join(site, file), 'utf8');
    for (const [tag, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (!/\bsrc=/.test(attrs) && body.trim() && !/type="application\/(ld\+)?json"/.test(attrs)) {
        problem(`/${file}: an inline <script> (${tag.slice(0, 40)}...), which the policy blocks: move it to a file`);
      }
    }
    if (/\son[a-z]+="/i.test(html)) problem(`/${file}: an inline event handler (on...=), which the policy blocks`);
    for (const [, tag, attrs] of html.matchAll(/<([a-z]+)\b([^>]*)>/gi)) {
      for (const [, attr, url] of attrs.matchAll(/\s(src|href)="([^"]+)"/g)) {
        if (/^(https?:)?\/\//.test(url)) {
          // A link the reader follows is fine; anything the page loads must be its own.
          if (tag.toLowerCase() !== 'a') problem(`/${file}: <${tag}> loads ${url} from another origin`);
          continue;
        }
        if (/^(data:|#|mailto:|\?)/.test(url)) continue;
        const target = new URL(url, 'https://site.invalid/' + file).pathname.slice(1);
        if (target !== '' && !files.includes(target) && !files.includes(target + 'index.html')) {
          problem(`/${file}: ${attr}="${url}" points at ${target}, which is not in the site`);
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const site = resolve(process.argv[2] || join(root, 'build/web'));
  const toml = resolve(process.argv[3] || join(root, 'netlify.toml'));
  const problems = checkSite(site, toml);
  for (const p of problems) console.error('check-site: ' + p);
  console.log(problems.length ? `check-site: ${problems.length} problem(s) in ${site}` : `check-site: ${site} is ready to deploy`);
  process.exit(problems.length ? 1 : 0);
}
