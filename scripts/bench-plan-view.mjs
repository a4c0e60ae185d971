// Plan view benchmark: the time one frame takes on the page's main thread (ImGui building the
// frame and the WebGL calls that submit it) while a learner pans and zooms a 500-node plan,
// against a 4-node plan in the same run. The target is under 8 ms per frame.
//
// The big plan is a UNION ALL of 125 joins, each a Hash Join over two Seq Scans and a Hash
// (hash joins forced, so the count does not depend on the planner's mood): 501 nodes in a
// tree far wider than the screen, so it also measures what culling saves. Each run explains it
// in a fresh page, then drags the canvas 40 times, zooms out 10 wheel steps and back in 10, and
// takes the durations of every frame drawn meanwhile (window.pgplayDebug.recentFrameMs()).
//
// usage: node scripts/bench-plan-view.mjs [runs=5]     (after scripts/build.sh web)
import * as h from '../tests/browser/harness.mjs';

const runs = Number(process.argv[2] || 5);
const BRANCHES = 125;

const SETUP = `DROP TABLE IF EXISTS a, b;   -- the sandbox is stored: an earlier run's tables are still there
SET enable_nestloop = off; SET enable_mergejoin = off;
CREATE TABLE a (id int PRIMARY KEY, v int);
CREATE TABLE b (id int PRIMARY KEY, w int);
INSERT INTO a SELECT g, g % 50 FROM generate_series(1, 200) g;
INSERT INTO b SELECT g, g % 7 FROM generate_series(1, 200) g;
ANALYZE;`;
const branch = (i) => `SELECT a.v FROM a JOIN b ON a.id = b.id WHERE a.v > ${i % 50}`;
const PLANS = [
  { name: 'baseline: one join', sql: branch(0) },
  { name: `${BRANCHES} joins (UNION ALL)`, sql: Array.from({ length: BRANCHES }, (_, i) => branch(i)).join('\nUNION ALL\n') },
];

const countNodes = (node) => 1 + node.children.reduce((n, c) => n + countNodes(c), 0);
const quantile = (xs, q) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const median = (xs) => quantile(xs, 0.5);

// One run of one plan in a fresh page: the frame durations of the pans and zooms.
async function measure(browser, server, plan) {
  const { page } = await h.openApp(browser.context, server.url);
  try {
    const made = await h.run(page, SETUP);
    if (!made.ok) throw new Error('setup failed: ' + JSON.stringify(made.error));
    const explained = await h.withTimeout(page.evaluate((sql) => window.playground.explain(sql), plan.sql), 60000, 'explain');
    if (!explained.ok) throw new Error('explain failed: ' + explained.error);
    await h.settle(page);
    // The plan canvas fills the lower right of the 1280x720 page.
    const x = 820, y = 620;
    await page.mouse.move(x, y);
    const before = await page.evaluate(() => window.pgplayDebug.framesDrawn);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) await page.mouse.move(x - i * 12, y - (i % 10) * 6);
    await page.mouse.up();
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 120);
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -120);
    await h.settle(page);
    const frames = await page.evaluate((n) => {
      const all = window.pgplayDebug.recentFrameMs();
      return all.slice(Math.max(0, all.length - (window.pgplayDebug.framesDrawn - n)));
    }, before);
    return { nodes: countNodes(explained.plan), frames };
  } finally {
    await page.close();
  }
}

const server = await h.startServer();
const browser = await h.launchBrowser(server.origin);
const results = PLANS.map(() => ({ nodes: 0, runs: [] }));
try {
  for (let r = 0; r < runs; r++) {
    for (let p = 0; p < PLANS.length; p++) {
      const m = await measure(browser, server, PLANS[p]);
      results[p].nodes = m.nodes;
      results[p].runs.push(m.frames);
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const fmt = (ms) => `${ms.toFixed(2)} ms`;
console.log(`plan view frame time on the main thread, median of ${runs} runs (headless Chromium, SwiftShader, 1280x720)`);
console.log('| plan | nodes | frames per run | median frame | 95th percentile | slowest | under 8 ms |');
console.log('|---|---|---|---|---|---|---|');
for (let p = 0; p < PLANS.length; p++) {
  const { nodes, runs: perRun } = results[p];
  const m = (f) => median(perRun.map(f));
  const p95 = m((fs) => quantile(fs, 0.95));
  console.log(`| ${PLANS[p].name} | ${nodes} | ${m((fs) => fs.length)} | ${fmt(m(median))} | ${fmt(p95)} | ${fmt(m((fs) => Math.max(...fs)))} | ${p95 < 8 ? 'yes' : 'no'} |`);
}
