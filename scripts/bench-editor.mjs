// Editor benchmark: the time one frame takes on the page's main thread while a learner types a
// query at the end of a script, with completion, undo and SQL colouring doing their work on
// every keystroke. A one-line script is the baseline; the others are a script of many small
// statements (100 kB and 1 MB, the size of a pasted pg_dump). Each run opens the script as a
// dropped .sql file in a fresh page, goes to its end, types "SELECT * FROM us" and Tab (the
// completion list opens and is accepted), then Ctrl+Z (which takes the accepted name back), and takes the durations of every frame
// drawn meanwhile (window.pgplayDebug.recentFrameMs()).
//
// usage: node scripts/bench-editor.mjs [runs=3]     (after scripts/build.sh web)
import * as h from '../tests/browser/harness.mjs';

const runs = Number(process.argv[2] || 3);
const statement = (i) => `INSERT INTO users (id, email) VALUES (${i}, 'user${i}@example.com');\n`;
const scriptOf = (bytes) => {
  let s = 'CREATE TABLE IF NOT EXISTS users (id int PRIMARY KEY, email text);\n';
  for (let i = 0; s.length < bytes; i++) s += statement(i);
  return s;
};
const SCRIPTS = [
  { name: 'baseline: one line', text: 'CREATE TABLE IF NOT EXISTS users (id int PRIMARY KEY, email text);\n' },
  { name: '100 kB script', text: scriptOf(100 * 1024) },
  { name: '1 MB script', text: scriptOf(1024 * 1024) },
];

const quantile = (xs, q) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const median = (xs) => quantile(xs, 0.5);

async function measure(browser, server, script) {
  const { page } = await h.openApp(browser.context, server.url);
  try {
    const made = await h.run(page, 'CREATE TABLE IF NOT EXISTS users (id int PRIMARY KEY, email text)');
    if (!made.ok) throw new Error('setup failed: ' + JSON.stringify(made.error));
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'bench.sql', { type: 'application/sql' }));
      document.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, script.text);
    await h.pollUntil(async () => ((await h.editorText(page)).length === script.text.length ? true : null),
      { timeout: 30000, what: 'the script is in the editor' });
    await h.settle(page);
    await page.keyboard.press('Control+End');
    await h.settle(page);
    const before = await page.evaluate(() => window.pgplayDebug.framesDrawn);
    await page.keyboard.type('SELECT * FROM us', { delay: 40 });
    await page.keyboard.press('Tab');
    await h.pollUntil(async () => ((await h.editorText(page)).endsWith('SELECT * FROM users') ? true : null),
      { timeout: 30000, what: 'Tab accepted the completion' });
    await page.keyboard.press('Control+Z');   // takes back the accepted name
    await h.pollUntil(async () => ((await h.editorText(page)).endsWith('SELECT * FROM us') ? true : null),
      { timeout: 30000, what: 'Ctrl+Z took the completion back' });
    await h.settle(page);
    return page.evaluate((n) => {
      const all = window.pgplayDebug.recentFrameMs();
      return all.slice(Math.max(0, all.length - (window.pgplayDebug.framesDrawn - n)));
    }, before);
  } finally {
    await page.close();
  }
}

const server = await h.startServer();
const browser = await h.launchBrowser(server.origin);
const results = SCRIPTS.map(() => []);
try {
  for (let r = 0; r < runs; r++)
    for (let i = 0; i < SCRIPTS.length; i++) results[i].push(await measure(browser, server, SCRIPTS[i]));
} finally {
  await browser.close();
  await server.close();
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;
console.log(`editor frame time while typing, median of ${runs} runs (headless Chromium, SwiftShader, 1280x720)`);
console.log('| script | bytes | frames per run | median frame | 95th percentile | slowest | vs baseline (median) |');
console.log('|---|---|---|---|---|---|---|');
const base = median(results[0].map(median));
for (let i = 0; i < SCRIPTS.length; i++) {
  const perRun = results[i];
  const m = (f) => median(perRun.map(f));
  console.log(`| ${SCRIPTS[i].name} | ${SCRIPTS[i].text.length} | ${m((fs) => fs.length)} | ${fmt(m(median))} | ` +
    `${fmt(m((fs) => quantile(fs, 0.95)))} | ${fmt(m((fs) => Math.max(...fs)))} | ${(m(median) / base).toFixed(1)}x |`);
}
