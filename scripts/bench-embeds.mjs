// Embeds benchmark: what three pgplay embeds on one blog post cost a reader's machine, against
// the same post without them and against one full-size pgplay, measured in the same run.
//
// The post is served from another origin than pgplay (as a real blog is), so the browser runs
// each embed in a process of its own. For each page: the whole browser's memory (the sum of its
// processes' proportional set size, so shared pages count once) and its CPU while the reader
// does nothing (all processes' CPU time over 10 s, as a share of one core), after the page has
// settled. Three states for the post with embeds: as loaded with the reader at the top (only
// the embed near the viewport starts PostgreSQL), and after the reader has scrolled past all
// three (all started), back at the top.
//
// usage: node scripts/bench-embeds.mjs [runs=3]     (after scripts/build.sh web)
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Math.max(1, Number(process.argv[2] || 3));
const IDLE_SECONDS = 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
const CLOCK_TICKS = 100;   // USER_HZ on Linux

// [SECTION] Servers: pgplay on one origin, the blog on another

async function startSite(port) {
  const child = spawn(process.execPath, [join(root, 'scripts/lib/static-server.mjs'), join(root, 'build/web'), String(port)],
    { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/`)).ok) return child;
    } catch { /* not yet */ }
    await sleep(50);
  }
  child.kill();
  throw new Error('the static server did not start');
}

// The example post (web/examples/blog.html), its embeds pointed at pgplay's origin; or the
// same post without them.
function blogPage(appOrigin, withEmbeds) {
  let html = readFileSync(join(root, 'web/examples/blog.html'), 'utf8')
    .replace(/src="\.\.\/index\.html\?/g, `src="${appOrigin}/index.html?`)
    .replace('<script src="blog.js"></script>', '');
  if (!withEmbeds) html = html.replace(/<iframe class="pgplay"[\s\S]*?<\/iframe>/g, '<div style="height:420px"></div>');
  return html;
}

function startBlog(port, appOrigin) {
  const server = createServer((req, res) => {
    const withEmbeds = !req.url.startsWith('/plain');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(blogPage(appOrigin, withEmbeds));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

// [SECTION] The browser's processes

function childrenOf() {
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!parents.has(ppid)) parents.set(ppid, []);
      parents.get(ppid).push(Number(name));
    } catch { /* gone */ }
  }
  return parents;
}

function browserProcesses(profile) {
  const roots = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmd.includes(profile) && cmd.startsWith('/usr/lib/chromium/chromium')) roots.push(Number(name));
    } catch { /* gone */ }
  }
  const parents = childrenOf();
  const all = new Set();
  const visit = (pid) => {
    if (all.has(pid)) return;
    all.add(pid);
    for (const child of parents.get(pid) || []) visit(child);
  };
  roots.forEach(visit);
  return [...all];
}

function cpuTicks(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);   // utime, stime
    } catch { /* gone */ }
  }
  return ticks;
}

function pssMb(pids) {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch { /* gone */ }
  }
  return kb / 1024;
}

function processType(pid) {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const type = /--type=([a-z-]+)/.exec(cmd);
    const sub = /--utility-sub-type=([A-Za-z.]+)/.exec(cmd);
    return (type ? type[1] : 'browser') + (sub ? ':' + sub[1] : '');
  } catch {
    return '?';
  }
}

// Memory now, and CPU over IDLE_SECONDS of nothing happening. PGPLAY_BENCH_BREAKDOWN=1 prints
// each process's share (to find what is not idle).
async function idleCost(profile) {
  const pids = browserProcesses(profile);
  const before = cpuTicks(pids);
  const each = new Map(pids.map((pid) => [pid, cpuTicks([pid])]));
  await sleep(IDLE_SECONDS * 1000);
  if (process.env.PGPLAY_BENCH_BREAKDOWN) {
    for (const [pid, ticks] of each) {
      const used = cpuTicks([pid]) - ticks;
      if (used > 0) process.stderr.write(`\n  ${processType(pid)} ${pid}: ${((used / CLOCK_TICKS / IDLE_SECONDS) * 100).toFixed(1)} %`);
    }
  }
  const after = cpuTicks(browserProcesses(profile));
  return { cpu: ((after - before) / CLOCK_TICKS / IDLE_SECONDS) * 100, memory: pssMb(browserProcesses(profile)) };
}

// [SECTION] Scenarios

async function embedsReady(page, count) {
  await page.waitForFunction((n) => window.readyCount >= n, count, { timeout: 120000, polling: 200 });
}

async function measure(scenario, appOrigin, blogOrigin) {
  const profile = mkdtempSync(join(tmpdir(), 'pgplay-bench-embeds-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true,
    args: ARGS, viewport: { width: 1280, height: 900 } });
  try {
    const page = context.pages()[0] || await context.newPage();
    await page.addInitScript(() => {
      window.readyCount = 0;
      addEventListener('message', (e) => { if (e.data && e.data.type === 'playground:ready') window.readyCount++; });
    });
    const out = {};
    if (scenario === 'full-size app') {
      await page.goto(appOrigin + '/');
      await page.waitForFunction(() => window.playground, null, { timeout: 60000 });
      await page.evaluate(() => window.playground.ready);
      await sleep(3000);
      out.settled = await idleCost(profile);
    } else if (scenario === 'post without embeds') {
      await page.goto(blogOrigin + '/plain');
      await sleep(3000);
      out.settled = await idleCost(profile);
    } else {
      await page.goto(blogOrigin + '/post');
      await embedsReady(page, 1);                      // the one near the top
      await sleep(3000);
      out.settled = await idleCost(profile);
      out.started = await page.evaluate(() => window.readyCount);
      for (const y of [1200, 2400, 3600, 99999]) {   // the reader scrolls through the post
        await page.evaluate((top) => window.scrollTo(0, top), y);
        await sleep(800);
      }
      await embedsReady(page, 3);
      await page.evaluate(() => window.scrollTo(0, 0));
      await sleep(3000);
      // Frames the embeds draw meanwhile: none is the design (frames.js).
      const embeds = page.frames().filter((f) => f.url().includes('embed=1'));
      const framesDrawn = () => Promise.all(embeds.map((f) => f.evaluate(() => window.pgplayDebug.framesDrawn)));
      const drawnBefore = await framesDrawn();
      out.all = await idleCost(profile);
      const drawnAfter = await framesDrawn();
      out.all.frames = drawnAfter.reduce((sum, n, i) => sum + n - drawnBefore[i], 0);
    }
    return out;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  if (!existsSync(join(root, 'build/web/index.html'))) throw new Error('build/web is missing: run scripts/build.sh web');
  const appPort = 8600 + Math.floor(Math.random() * 300);
  const site = await startSite(appPort);
  const appOrigin = `http://localhost:${appPort}`;
  const blog = await startBlog(appPort + 1, appOrigin);
  const blogOrigin = `http://127.0.0.1:${appPort + 1}`;
  const results = { 'post without embeds': [], 'post with three embeds': [], 'full-size app': [] };
  try {
    for (let i = 0; i < runs; i++) {
      for (const scenario of Object.keys(results)) {
        results[scenario].push(await measure(scenario, appOrigin, blogOrigin));
        process.stderr.write('.');
      }
    }
  } finally {
    site.kill();
    blog.close();
  }
  process.stderr.write('\n');
  const row = (label, samples) => {
    const cpu = median(samples.map((s) => s.cpu));
    const mem = median(samples.map((s) => s.memory));
    return `| ${label} | ${cpu.toFixed(1)} % | ${mem.toFixed(0)} MB |`;
  };
  console.log(`Idle cost in headless Chromium (median of ${runs} runs; CPU over ${IDLE_SECONDS} s as a share of one core;`);
  console.log('memory = proportional set size of all the browser\'s processes)\n');
  console.log('| page | idle CPU | browser memory |');
  console.log('|---|---|---|');
  console.log(row('blog post without embeds (baseline)', results['post without embeds'].map((r) => r.settled)));
  const embeds = results['post with three embeds'];
  console.log(row(`post with three embeds, reader at the top (${median(embeds.map((r) => r.started))} started)`, embeds.map((r) => r.settled)));
  console.log(row('post with three embeds, all three started', embeds.map((r) => r.all)));
  console.log(row('one full-size pgplay (for comparison)', results['full-size app'].map((r) => r.settled)));
  console.log(`\nFrames the three started embeds drew while idle (${IDLE_SECONDS} s, median): ` +
    `${median(embeds.map((r) => r.all.frames))}`);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
