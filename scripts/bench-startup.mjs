// Cold-start benchmark: how long until a learner sees the UI, until PostgreSQL is ready, and
// until the first query result, and how many (compressed) bytes the browser downloads.
// Each run is a fresh browser profile with the HTTP cache disabled. The baseline in the same
// run is PGlite alone in the same worker (db-worker.js, no C++ UI), so the table shows what the
// UI adds on top of the database engine itself.
//
// usage: node scripts/bench-startup.mjs [runs=5]     (after scripts/build.sh web)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const site = join(root, 'build/web');
const runs = Number(process.argv[2] || 5);
const port = 8391;

// The baseline page: the worker only, timed the same way.
const baselinePage = join(site, 'bench-baseline.html');
writeFileSync(baselinePage, `<!doctype html><script>
window.bench = { start: performance.now() };
const w = new Worker('db-worker.js', { type: 'module' });
w.postMessage({ type: 'boot', engine: null });
w.onmessage = (e) => {
  if (e.data.type === 'ready') {
    window.bench.ready = performance.now();
    // SELECT 1 as one simple-protocol batch, the smallest real round trip.
    const sql = new TextEncoder().encode('SELECT 1');
    const msg = new Uint8Array(6 + sql.length); msg[0] = 81;
    new DataView(msg.buffer).setInt32(1, 5 + sql.length); msg.set(sql, 5);
    w.postMessage({ type: 'run', id: 1, batches: [msg] });
  } else if (e.data.type === 'result') {
    window.bench.firstResult = performance.now();
  }
};
</script>`);

const server = spawn(process.execPath, [join(root, 'scripts/lib/static-server.mjs'), site, String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));

const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

async function measure(url, isBaseline) {
  const profile = mkdtempSync(join(tmpdir(), 'pgplay-bench-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args,
    viewport: { width: 1280, height: 800 } });
  try {
    const page = context.pages()[0] || await context.newPage();
    const session = await context.newCDPSession(page);
    await session.send('Network.setCacheDisabled', { cacheDisabled: true });
    let bytes = 0;
    // Worker fetches are counted by Playwright's request events too (dedicated workers share the page's network).
    const sizes = [];
    page.on('requestfinished', (req) => sizes.push(req.sizes().then((s) => { bytes += s.responseBodySize + s.responseHeadersSize; })));
    await page.goto(url);
    let t;
    if (isBaseline) {
      await page.waitForFunction(() => window.bench.firstResult, null, { timeout: 60000, polling: 50 });
      t = await page.evaluate(() => ({ ui: NaN, ready: window.bench.ready, first: window.bench.firstResult, nav: 0 }));
    } else {
      await page.evaluate(() => window.playground.ready);
      await page.evaluate(() => window.playground.run('SELECT 1+1'));
      t = await page.evaluate(() => ({ ui: window.pgplayTimings.uiStart, ready: window.pgplayTimings.dbReady,
        first: window.pgplayTimings.firstResult, nav: 0 }));
    }
    await Promise.all(sizes);
    return { ...t, bytes };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const median = (xs) => { const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const results = { pgplay: [], baseline: [] };
try {
  for (let i = 0; i < runs; i++) {
    results.pgplay.push(await measure(`http://localhost:${port}/`, false));
    results.baseline.push(await measure(`http://localhost:${port}/bench-baseline.html`, true));
  }
} finally {
  server.kill();
  rmSync(baselinePage, { force: true });
}

const fmtMs = (x) => (Number.isNaN(x) ? '—' : `${Math.round(x)} ms`);
const rows = [
  ['first UI frame', (r) => r.ui, fmtMs],
  ['PostgreSQL ready', (r) => r.ready, fmtMs],
  ['first query result', (r) => r.first, fmtMs],
  ['downloaded (compressed)', (r) => r.bytes, (x) => `${(x / 1024 / 1024).toFixed(2)} MB`],
];
console.log(`cold start, median of ${runs} runs (headless Chromium, SwiftShader, gzip static server, cache off)`);
console.log('| metric | pgplay | baseline: PGlite worker alone | difference |');
console.log('|---|---|---|---|');
for (const [name, pick, fmt] of rows) {
  const a = median(results.pgplay.map(pick));
  const b = median(results.baseline.map(pick));
  const diff = Number.isNaN(a) || Number.isNaN(b) ? '—' : (name.startsWith('downloaded') ? `+${((a - b) / 1024).toFixed(0)} KB` : `${a - b >= 0 ? '+' : ''}${Math.round(a - b)} ms`);
  console.log(`| ${name} | ${fmt(a)} | ${fmt(b)} | ${diff} |`);
}
