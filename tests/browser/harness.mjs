// Shared helpers for pgplay's browser end-to-end tests: a static server for build/web/, Debian's
// Chromium driven by playwright-core, the app page with its error log, screenshots and pixels.
//
// Each test file starts one server and one browser (see setupApp) and shares them between its
// tests: PGlite takes several seconds to start per page load.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB = join(ROOT, 'build/web');
export const ARTIFACTS = join(ROOT, 'build/test-artifacts');

const { chromium } = await import(join(ROOT, 'node_modules/playwright-core/index.mjs'));

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// [SECTION] Static server

function portIsFree(port) {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

async function freePort(from = 8181) {
  for (let p = from; p < from + 200; p++) if (await portIsFree(p)) return p;
  throw new Error('no free port from ' + from);
}

// Serves build/web/ (or a copy of it, `root`) with the project's own static server on a free port.
export async function startServer(root = WEB) {
  if (!existsSync(join(root, 'index.html'))) throw new Error('build/web is missing: run scripts/build.sh web');
  const port = await freePort(8181 + Math.floor(Math.random() * 400));
  const child = spawn(process.execPath, [join(ROOT, 'scripts/lib/static-server.mjs'), root, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://localhost:${port}/`;
  const deadline = Date.now() + 10000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('the static server exited: ' + log);
    try {
      const r = await fetch(url);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error('the static server did not start: ' + log);
    }
    await sleep(50);
  }
  return {
    port,
    url,
    origin: `http://localhost:${port}`,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await Promise.race([exited, sleep(2000)]);
    },
  };
}

// A page of another origin on loopback (http://127.0.0.1:PORT/...), for embedding tests:
// pages[path] is the HTML served at that path. A real server, not a Playwright route: Chromium's
// local network access checks block a routed (unknown-address) page from framing localhost.
export async function startPageServer(pages) {
  const server = createHttpServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (!(path in pages)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(pages[path]);
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((res) => server.close(() => res())) };
}

// [SECTION] Browser

// A fresh Chromium with its own temporary profile; clipboard access granted for `origin`.
export async function launchBrowser(origin) {
  const profile = mkdtempSync(join(tmpdir(), 'pgplay-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
    // pgplay's dark palette, which the screenshots and pixel checks expect (Playwright would
    // otherwise report a light preference; tests/browser/a11y.test.mjs switches it).
    colorScheme: 'dark',
  });
  if (origin) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Records what a page throws or logs as an error. A test fails on any of them unless it says
// which ones it expects (see assertNoErrors).
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('crash', () => errors.push('page crashed'));
  return errors;
}

export function assertNoErrors(errors, allowed = []) {
  const bad = errors.filter((e) => !allowed.some((re) => re.test(e)));
  if (bad.length) throw new Error('the page reported errors:\n' + bad.join('\n'));
}

// Opens the app (with `query`, e.g. '?sql=...') and waits for window.playground.ready.
// Returns { page, errors, readyMs } — readyMs from navigation start to ready.
export async function openApp(context, baseUrl, query = '') {
  const page = await context.newPage();
  const errors = watchErrors(page);
  const t0 = Date.now();
  await page.goto(baseUrl + query, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.playground && window.playground.ready, null, { timeout: 30000 });
  await withTimeout(page.evaluate(() => window.playground.ready.then(() => true)), 60000, 'playground.ready');
  const readyMs = Date.now() - t0;
  return { page, errors, readyMs };
}

// One server, one browser and one app page for a test file. `root`: a copy of build/web to serve.
export async function setupApp(query = '', { root } = {}) {
  const server = await startServer(root);
  const browser = await launchBrowser(server.origin);
  try {
    const { page, errors, readyMs } = await withTimeout(openApp(browser.context, server.url, query), 60000, 'playground.ready');
    return {
      server, browser, context: browser.context, page, errors, readyMs,
      async teardown() {
        await browser.close();
        await server.close();
      },
    };
  } catch (err) {
    await browser.close();
    await server.close();
    throw err;
  }
}

export async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`${what}: no answer in ${ms} ms`)), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// [SECTION] Playground helpers

export function run(page, sql, timeoutMs = 30000) {
  return withTimeout(page.evaluate((s) => window.playground.run(s), sql), timeoutMs, `run(${JSON.stringify(String(sql).slice(0, 60))})`);
}

// The database the editor works on, as window.playground.database() tells.
export function database(page) {
  return page.evaluate(() => window.playground.database());
}

// The last statement's rows of `sql`, which must succeed.
export async function rows(page, sql) {
  const r = await run(page, sql);
  if (!r.ok) throw new Error(`${sql}: ${JSON.stringify(r.error)}`);
  return r.results.at(-1).rows;
}

// database() once it is ready (and its status message matches `message`, when given).
export function databaseReady(page, { message = null, timeout = 60000, what = 'PostgreSQL ready' } = {}) {
  return pollUntil(async () => {
    const s = await database(page);
    return s?.state === 'ready' && (!message || message.test(s.message)) ? s : null;
  }, { timeout, what });
}

// Waits until the open lesson step is prepared on the lessons' own database.
export function lessonStepReady(page, what = 'the lesson step prepared on its own database') {
  return pollUntil(async () => {
    const [db, lesson] = await page.evaluate(() => [window.playground.database(), window.playground.lesson()]);
    return db.database === 'lesson' && db.state === 'ready' && !lesson.preparing;
  }, { timeout: 60000, what });
}

// Loads `url` again in the page and waits for PostgreSQL.
export async function reopen(page, url) {
  await page.goto(url);
  await withTimeout(page.evaluate(() => window.playground.ready), 60000, 'ready');
  await databaseReady(page);
}

export function lastResult(page) {
  return page.evaluate(() => window.playground.lastResult());
}

export function editorText(page) {
  return page.evaluate(() => window.playground.editorText());
}

// Polls fn() until it returns a truthy value; returns that value.
export async function pollUntil(fn, { timeout = 15000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeout} ms (last: ${JSON.stringify(last)})`);
    await sleep(interval);
  }
}

// Waits until the UI has drawn everything it was asked to (no frame pending for a while), so a
// screenshot shows a settled state.
export async function settle(page, quietMs = 300) {
  await page.evaluate((quiet) => new Promise((res) => {
    let last = window.pgplayDebug.framesDrawn;
    let since = performance.now();
    const tick = () => {
      const now = window.pgplayDebug.framesDrawn;
      if (now !== last) { last = now; since = performance.now(); }
      if (performance.now() - since >= quiet) res();
      else setTimeout(tick, 50);
    };
    tick();
  }), quietMs);
}

// [SECTION] Screenshots and pixels

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const buffer = await page.screenshot({ type: 'png' });
  writeFileSync(join(ARTIFACTS, `${name}.png`), buffer);
  return decodePng(buffer);
}

// A minimal PNG decoder: 8-bit greyscale, RGB or RGBA, not interlaced (what Chromium writes).
// Returns { width, height, channels, data } with data as RGBA bytes.
export function decodePng(buffer) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  for (let i = 0; i < 8; i++) if (buffer[i] !== sig[i]) throw new Error('not a PNG');
  let at = 8;
  let width = 0, height = 0, depth = 0, colorType = 0, interlace = 0;
  const idat = [];
  while (at < buffer.length) {
    const length = buffer.readUInt32BE(at);
    const type = buffer.toString('latin1', at + 4, at + 8);
    const body = buffer.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8];
      colorType = body[9];
      interlace = body[12];
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  const channelsOf = { 0: 1, 2: 3, 4: 2, 6: 4 };
  const channels = channelsOf[colorType];
  if (depth !== 8 || !channels || interlace !== 0) {
    throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}, interlace ${interlace}`);
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let v = line[x];
      switch (filter) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += b; break;
        case 3: v += (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error('bad PNG filter ' + filter);
      }
      out[x] = v & 0xff;
    }
    prev = out;
  }
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    const g = channels <= 2;
    data[i * 4] = pixels[j];
    data[i * 4 + 1] = g ? pixels[j] : pixels[j + 1];
    data[i * 4 + 2] = g ? pixels[j] : pixels[j + 2];
    data[i * 4 + 3] = channels === 4 ? pixels[j + 3] : channels === 2 ? pixels[j + 1] : 255;
  }
  return { width, height, data };
}

// Statistics over a rectangle of a decoded image (whole image by default): how many distinct
// colours, and how many pixels differ from the most common (background) colour.
export function regionStats(img, { x = 0, y = 0, w = img.width - x, h = img.height - y } = {}) {
  const counts = new Map();
  for (let yy = y; yy < y + h; yy++) {
    for (let xx = x; xx < x + w; xx++) {
      const i = (yy * img.width + xx) * 4;
      const key = (img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2];
      counts.set(key, (counts.get(key) || 0) + 1);
    }
  }
  let background = 0, backgroundCount = 0;
  for (const [k, n] of counts) if (n > backgroundCount) { background = k; backgroundCount = n; }
  return { distinctColors: counts.size, nonBackground: w * h - backgroundCount, total: w * h, background };
}

// How many pixels differ between two decoded images of the same size, within a rectangle.
export function diffPixels(a, b, { x = 0, y = 0, w = a.width - x, h = a.height - y } = {}) {
  if (a.width !== b.width || a.height !== b.height) throw new Error('images differ in size');
  let n = 0;
  for (let yy = y; yy < y + h; yy++) {
    for (let xx = x; xx < x + w; xx++) {
      const i = (yy * a.width + xx) * 4;
      if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) n++;
    }
  }
  return n;
}
