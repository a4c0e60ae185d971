// Start-up benchmark: how long until a learner sees pgplay, until PostgreSQL is ready and until
// the first query result, and how many (compressed) bytes cross the network, against two
// baselines measured in the same run on the same server:
//   - bare PGlite: a page that only loads PGlite (the same files pgplay serves) and runs one
//     query, as a developer would start with it;
//   - pglite-repl: PGlite's own REPL web component (@electric-sql/pglite-repl), the tool people
//     use today.
// Each is measured cold (a fresh browser profile: empty caches, no service worker) and warm (the
// next visit in that profile: pgplay from its service worker, the baselines from the HTTP cache),
// on localhost and on a link paced at 20 Mbit/s with a 40 ms round trip (scripts/lib/static-
// server.mjs paces every response, the Web Workers' too, which DevTools throttling would miss).
// Then the cost of persistence: a committed INSERT in the stored sandbox against the same in an
// in-memory database (an embed's).
//
// usage: node scripts/bench-startup.mjs [runs=5]     (after scripts/build.sh web)
//        PGPLAY_BENCH_NETWORK=localhost (or 20) measures on that network only
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Math.max(1, Number(process.argv[2] || 5));
const REPL_VERSION = '0.4.8';   // the pglite-repl release measured (its web component bundle)

// [SECTION] The site, with the baseline pages beside it

function prepareSite() {
  const built = join(root, 'build/web');
  if (!existsSync(join(built, 'index.html'))) throw new Error('build/web is missing: run scripts/build.sh web');
  const site = mkdtempSync(join(tmpdir(), 'pgplay-bench-site-'));
  cpSync(built, site, { recursive: true });
  mkdirSync(join(site, 'bench'));
  cpSync(replBundle(), join(site, 'bench/Repl.js'));
  const timing = `window.bench = {};
const pg = await PGlite.create();
window.bench.ready = performance.now();
await pg.query('SELECT 1');
window.bench.firstResult = performance.now();`;
  // PGlite's folder is named for its version (see scripts/lib/assemble-site.sh). The pages load
  // their scripts from files: the site's Content-Security-Policy allows no inline script.
  const pgliteDir = readdirSync(join(site, 'vendor')).find((name) => name.startsWith('pglite-'));
  writeFileSync(join(site, 'bench/bare.js'), `import { PGlite } from '../vendor/${pgliteDir}/index.js';\n${timing}\n`);
  writeFileSync(join(site, 'bench/bare.html'), `<!doctype html><meta charset="utf-8"><title>bare PGlite</title>
<script type="module" src="bare.js"></script>`);
  writeFileSync(join(site, 'bench/repl-page.js'), `import { PGlite } from '../vendor/${pgliteDir}/index.js';
import './Repl.js';
${timing.replace("window.bench.ready = performance.now();", "document.getElementById('repl').pg = pg;\nwindow.bench.ready = performance.now();")}
`);
  writeFileSync(join(site, 'bench/repl.html'), `<!doctype html><meta charset="utf-8"><title>pglite-repl</title>
<pglite-repl id="repl" style="display:block;height:90vh"></pglite-repl>
<script type="module" src="repl-page.js"></script>`);
  return site;
}

// The REPL's web component, fetched once from npm (a pinned release) into build/cache.
function replBundle() {
  const dir = join(root, `build/cache/pglite-repl-${REPL_VERSION}`);
  const file = join(dir, 'package/dist-webcomponent/Repl.js');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tarball = execFileSync('npm', ['pack', `@electric-sql/pglite-repl@${REPL_VERSION}`, '--silent'], { cwd: dir })
      .toString().trim().split('\n').pop();
    execFileSync('tar', ['xzf', tarball], { cwd: dir });
  }
  return file;
}

// [SECTION] Measuring one page load

const NETWORKS = [
  { name: 'localhost', env: {} },
  { name: '20 Mbit/s, 40 ms', env: { PGPLAY_LINK_MBIT: '20', PGPLAY_LINK_RTT_MS: '40' } },
].filter((n) => !process.env.PGPLAY_BENCH_NETWORK || n.name.startsWith(process.env.PGPLAY_BENCH_NETWORK));

const PAGES = {
  pgplay: { path: '', app: true },
  bare: { path: 'bench/bare.html' },
  repl: { path: 'bench/repl.html' },
};

async function startServer(site, port, env) {
  const server = spawn(process.execPath, [join(root, 'scripts/lib/static-server.mjs'), site, String(port)],
    { stdio: 'ignore', env: { ...process.env, ...env } });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://localhost:${port}/precache.json`);
      return server;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  server.kill();
  throw new Error('the static server did not start');
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

// One visit: times (performance.now(), from navigation start) and bytes received from the
// network until the first query result.
async function visit(context, url, page) {
  const tab = await context.newPage();
  let bytes = 0;
  const sizes = [];
  const count = (req) => {
    const response = req.response();
    sizes.push(response.then(async (r) => {
      if (!r || r.fromServiceWorker()) return;   // served by pgplay's service worker: no network
      const s = await req.sizes();
      bytes += s.responseBodySize + s.responseHeadersSize;
    }).catch(() => {}));
  };
  context.on('requestfinished', count);
  try {
    await tab.goto(url);
    let t;
    if (page.app) {
      // The query is run as soon as pgplay says it is ready, as the baselines run theirs as soon
      // as PGlite is: the time is when its result reaches the page's API.
      await tab.waitForFunction(() => window.playground, null, { timeout: 120000, polling: 10 });
      const first = await tab.evaluate(async () => {
        await window.playground.ready;
        const result = await window.playground.run('SELECT 1');
        if (!result.ok) throw new Error(result.error.message);
        return performance.now();
      });
      t = await tab.evaluate((f) => ({ frame: window.pgplayTimings.uiStart, ready: window.pgplayTimings.dbReady, first: f }), first);
    } else {
      await tab.waitForFunction(() => window.bench && window.bench.firstResult, null, { timeout: 120000, polling: 20 });
      t = await tab.evaluate(() => ({ frame: NaN, ready: window.bench.ready, first: window.bench.firstResult }));
    }
    await Promise.all(sizes);
    if (page.app) {
      // The next visit is served by the service worker: let it finish installing first.
      await tab.evaluate(() => navigator.serviceWorker.ready.then(() => true));
      await tab.waitForFunction(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return r && r.active && !r.installing && !r.waiting;
      }, null, { timeout: 120000, polling: 100 });
    }
    return { ...t, bytes };
  } finally {
    context.off('requestfinished', count);
    await tab.close();
  }
}

async function coldAndWarm(origin, page) {
  const profile = mkdtempSync(join(tmpdir(), 'pgplay-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: ARGS,
    viewport: { width: 1280, height: 800 } });
  try {
    const cold = await visit(context, origin + page.path, page);
    const warm = await visit(context, origin + page.path, page);
    return { cold, warm };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// [SECTION] The cost of persistence

// A committed one-row INSERT, each its own script, as a learner runs them: the time in the
// engine (result.ms: the statement and PGlite writing it through to storage) and the wall time
// from run() to its result (in headless Chromium the software-rendered frames share the CPU).
async function insertCost(origin, query, inserts = 40) {
  const profile = mkdtempSync(join(tmpdir(), 'pgplay-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    const tab = context.pages()[0] || await context.newPage();
    await tab.goto(origin + query);
    await tab.waitForFunction(() => window.playground && window.playground.ready, null, { timeout: 120000 });
    return await tab.evaluate(async (n) => {
      await window.playground.ready;
      await window.playground.run('DROP TABLE IF EXISTS bench_writes; CREATE TABLE bench_writes (id int, note text)');
      const wall = [];
      const engine = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const r = await window.playground.run(`INSERT INTO bench_writes VALUES (${i}, 'row ${i}')`);
        if (!r.ok) throw new Error(r.error.message);
        wall.push(performance.now() - t0);
        engine.push(r.ms);
      }
      return { wall, engine, stored: window.playground.database().storageNote === '' && !location.search.includes('embed') };
    }, inserts);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// [SECTION] Run and report

const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const ms = (x) => (Number.isNaN(x) ? '—' : `${Math.round(x)} ms`);
const megabytes = (x) => (x < 1e5 ? `${(x / 1e3).toFixed(1)} kB` : `${(x / 1e6).toFixed(2)} MB`);
// minBase: no ratio against less (two near-empty transfers, a warm visit's revalidations).
const ratio = (a, b, minBase = 0) => (Number.isNaN(a) || Number.isNaN(b) || b <= minBase ? '—' : `${(a / b).toFixed(2)}x`);

const site = prepareSite();
const port = 8391;
const tables = [];
try {
  for (const network of NETWORKS) {
    const server = await startServer(site, port, network.env);
    const origin = `http://localhost:${port}/`;
    const results = { pgplay: [], bare: [], repl: [] };
    try {
      for (let i = 0; i < runs; i++) {
        for (const [name, page] of Object.entries(PAGES)) results[name].push(await coldAndWarm(origin, page));
        process.stderr.write(`${network.name}: run ${i + 1} of ${runs} done\n`);
      }
    } finally {
      server.kill();
    }
    const lines = [`${network.name}, median of ${runs} runs`,
      '| visit | metric | pgplay | bare PGlite | pgplay / bare | pglite-repl | pgplay / repl |',
      '|---|---|---|---|---|---|---|'];
    for (const when of ['cold', 'warm']) {
      for (const [metric, pick, format, minBase] of [
        ['first UI frame', (r) => r.frame, ms, 0],
        ['PostgreSQL ready', (r) => r.ready, ms, 0],
        ['first query result', (r) => r.first, ms, 0],
        ['bytes from the network', (r) => r.bytes, megabytes, 1e4],
      ]) {
        const [p, b, r] = ['pgplay', 'bare', 'repl'].map((name) => median(results[name].map((x) => pick(x[when]))));
        lines.push(`| ${when} | ${metric} | ${format(p)} | ${format(b)} | ${ratio(p, b, minBase)} | ${format(r)} | ${ratio(p, r, minBase)} |`);
      }
    }
    tables.push(lines.join('\n'));
  }

  const server = await startServer(site, port, {});
  try {
    const stored = await insertCost(`http://localhost:${port}/`, '');
    const memory = await insertCost(`http://localhost:${port}/`, '?embed=1');
    if (!stored.stored) throw new Error('the sandbox was not stored: the persistence cost cannot be measured');
    const [se, sw, me, mw] = [stored.engine, stored.wall, memory.engine, memory.wall].map(median);
    const signed = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} ms`;
    tables.push(['committed one-row INSERT (median of 40, localhost)',
      '| database | in the engine | run() to result |', '|---|---|---|',
      `| stored sandbox (OPFS) | ${se.toFixed(1)} ms | ${sw.toFixed(1)} ms |`,
      `| in memory (an embed) | ${me.toFixed(1)} ms | ${mw.toFixed(1)} ms |`,
      `| persistence costs | ${signed(se - me)} | ${signed(sw - mw)} |`].join('\n'));
  } finally {
    server.kill();
  }
} finally {
  rmSync(site, { recursive: true, force: true });
}

console.log('Start-up: headless Chromium (SwiftShader), the project\'s static server (precompressed brotli, ETag),');
console.log('cold = fresh profile, warm = the next visit (pgplay: service worker; baselines: HTTP cache).\n');
console.log(tables.join('\n\n'));
