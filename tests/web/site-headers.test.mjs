// netlify.toml as the local server and check-site read it (scripts/lib/site-headers.mjs), and
// check-site's verdicts on small sites that break one rule each (scripts/lib/check-site.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headersFor, loadSiteRules, parseCsp, parseNetlifyToml, pathMatches } from '../../scripts/lib/site-headers.mjs';
import { checkSite } from '../../scripts/lib/check-site.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const TOML = join(root, 'netlify.toml');

describe('netlify.toml headers', () => {
  it('the project\'s file parses, and gives each kind of file what production needs', () => {
    const rules = loadSiteRules(TOML);
    const page = headersFor(rules, '/');
    assert.equal(page['cache-control'], 'no-cache');
    const csp = parseCsp(page['content-security-policy']);
    assert.ok(csp['script-src'].includes("'wasm-unsafe-eval'"));
    assert.deepEqual(csp['frame-ancestors'], ['*']);
    assert.equal(headersFor(rules, '/sw.js')['cache-control'], 'no-cache');
    assert.match(headersFor(rules, '/assets/pgplay.0123456789ab.wasm')['cache-control'], /immutable/);
    assert.equal(headersFor(rules, '/assets/pgplay.0123456789ab.wasm')['content-type'], 'application/wasm');
    assert.match(headersFor(rules, '/vendor/pglite-0.5.16/index.js')['cache-control'], /immutable/);
    assert.equal(headersFor(rules, '/main.js')['cache-control'], undefined, 'revalidated by default');
  });

  it('paths match with * spanning any characters, the rest literally', () => {
    assert.ok(pathMatches('/*', '/a/b.js'));
    assert.ok(pathMatches('/*.wasm', '/assets/x.1.wasm'));
    assert.ok(!pathMatches('/*.wasm', '/x.wasm.br'));
    assert.ok(pathMatches('/sw.js', '/sw.js'));
    assert.ok(!pathMatches('/sw.js', '/swxjs'));
    assert.ok(!pathMatches('/', '/index.html'));
  });

  it('a header set twice for one path is an error, not a silent merge', () => {
    const { headers } = parseNetlifyToml(`[[headers]]
  for = "/*"
  [headers.values]
    Cache-Control = "no-cache"
[[headers]]
  for = "/assets/*"
  [headers.values]
    Cache-Control = "immutable"
`);
    assert.equal(headersFor(headers, '/index.html')['cache-control'], 'no-cache');
    assert.throws(() => headersFor(headers, '/assets/a.js'), /Cache-Control is set by two rules/);
  });

  it('anything outside the forms it knows is an error with its line', () => {
    for (const [text, why] of [
      ['[redirects]\n', /:1: unexpected table/],
      ['[[headers]]\n  for = /x\n', /:2: expected a "quoted string"/],
      ['[[headers]]\n  for = "x"\n  [headers.values]\n    A = "b"\n', /a \[\[headers\]\] rule needs for = "\/path"/],
      ['[[headers]]\n  for = "/x"\n', /with no \[headers.values\]/],
      ['[headers.values]\n', /outside a \[\[headers\]\] rule/],
      ['what is this\n', /:1: expected key = "value"/],
    ]) {
      assert.throws(() => parseNetlifyToml(text), why, text);
    }
  });
});

// A site that passes, then one break at a time.
function goodSite() {
  const site = mkdtempSync(join(tmpdir(), 'pgplay-site-'));
  const wasm = Buffer.from('\0asm fake');
  const hash = createHash('sha256').update(wasm).digest('hex').slice(0, 12);
  mkdirSync(join(site, 'assets'));
  mkdirSync(join(site, 'vendor/pglite-1.0/'), { recursive: true });
  mkdirSync(join(site, 'vendor/pglite-tools-1.0/'), { recursive: true });
  writeFileSync(join(site, `assets/pgplay.${hash}.wasm`), wasm);
  writeFileSync(join(site, 'vendor/pglite-1.0/index.js'), 'export {}');
  writeFileSync(join(site, 'vendor/pglite-tools-1.0/pg_dump.js'), 'export {}');
  writeFileSync(join(site, 'vendor/pglite-tools-1.0/pg_dump.wasm'), wasm);
  writeFileSync(join(site, 'assets.js'), `export const ASSETS = {\n  "pgplay.wasm": "assets/pgplay.${hash}.wasm"\n};\nexport const PGLITE_DIR = "vendor/pglite-1.0/";\n` +
    'export const PGLITE_TOOLS_DIR = "vendor/pglite-tools-1.0/";\n');
  writeFileSync(join(site, 'main.js'), '');
  writeFileSync(join(site, 'sw.js'), '');
  writeFileSync(join(site, 'precache.json'), JSON.stringify({ build: 'x', files: ['./', 'main.js', `assets/pgplay.${hash}.wasm`] }));
  writeFileSync(join(site, 'index.html'), `<!doctype html><link rel="preload" href="assets/pgplay.${hash}.wasm"><script type="module" src="main.js"></script><a href="https://example.com/">elsewhere</a>`);
  return { site, hash };
}

describe('check-site', () => {
  it('passes a site that keeps every rule', () => {
    assert.deepEqual(checkSite(goodSite().site, TOML), []);
  });

  it('names each broken rule', () => {
    const cases = [
      [(s) => writeFileSync(join(s.site, 'index.html'), '<script>alert(1)</script>'), /inline <script>/],
      [(s) => writeFileSync(join(s.site, 'index.html'), '<body onload="go()">'), /inline event handler/],
      [(s) => writeFileSync(join(s.site, 'index.html'), '<script src="https://cdn.example/x.js"></script>'), /loads https:\/\/cdn\.example\/x\.js from another origin/],
      [(s) => writeFileSync(join(s.site, 'index.html'), '<img src="missing.png">'), /points at missing\.png, which is not in the site/],
      [(s) => writeFileSync(join(s.site, `assets/pgplay.${s.hash}.wasm`), 'changed'), /contents hash to/],
      [(s) => writeFileSync(join(s.site, 'assets/logo.png'), 'x'), /no content hash in its name/],
      [(s) => writeFileSync(join(s.site, 'pgplay.wasm'), 'x'), /should only be under assets\//],
      [(s) => writeFileSync(join(s.site, 'precache.json'), '{"files": ["gone.js"]}'), /lists gone\.js/],
      [(s) => rmSync(join(s.site, 'vendor/pglite-tools-1.0/pg_dump.wasm')), /pglite-tools' folder is missing or has no pg_dump/],
    ];
    for (const [breakIt, why] of cases) {
      const s = goodSite();
      breakIt(s);
      const problems = checkSite(s.site, TOML);
      assert.ok(problems.some((p) => why.test(p)), `${why}: ${JSON.stringify(problems)}`);
    }
  });

  it('lets a site keep its embeds to its own pages', () => {
    const { site } = goodSite();
    const path = join(mkdtempSync(join(tmpdir(), 'pgplay-toml-')), 'netlify.toml');
    writeFileSync(path, readFileSync(TOML, 'utf8').replace('frame-ancestors *"', 'frame-ancestors \'self\' https://blog.example"'));
    assert.deepEqual(checkSite(site, path), []);
  });

  it('names a policy that would fail in production', () => {
    const { site } = goodSite();
    const toml = readFileSync(TOML, 'utf8');
    const variants = [
      [toml.replace("script-src 'self' 'wasm-unsafe-eval'", "script-src 'self'"), /needs 'wasm-unsafe-eval'/],
      [toml.replace("script-src 'self'", "script-src 'self' https://cdn.example"), /"https:\/\/cdn\.example" names another origin/],
      [toml.replace('frame-ancestors *"', 'frame-ancestors \'none\'"'), /frame-ancestors must let sites embed pgplay/],
      [toml.replace('frame-ancestors *"', 'frame-ancestors http://blog.example"'), /"http:\/\/blog\.example" names another origin/],
      [toml.replace('for = "/*.wasm"', 'for = "/*.wasmx"'), /Content-Type must be application\/wasm/],
      [toml.replace('for = "/sw.js"', 'for = "/sw2.js"'), /\/sw\.js: Cache-Control must be no-cache/],
      [toml.replace('for = "/assets/*"', 'for = "/other/*"'), /cached as immutable/],
    ];
    for (const [text, why] of variants) {
      const path = join(mkdtempSync(join(tmpdir(), 'pgplay-toml-')), 'netlify.toml');
      writeFileSync(path, text);
      const problems = checkSite(site, path);
      assert.ok(problems.some((p) => why.test(p)), `${why}: ${JSON.stringify(problems)}`);
    }
  });
});
