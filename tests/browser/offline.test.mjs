// Offline and updates: after one visit the site loads and runs queries and lessons with the
// network off, and a new deploy is taken over whole on the next start, with a notice, leaving the
// learner's stored database alone. Served from a copy of build/web, so the test can deploy a
// "new version" into it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as h from './harness.mjs';

const { database, rows, reopen } = h;
const controlled = (page) => h.pollUntil(() => page.evaluate(() => !!navigator.serviceWorker.controller),
  { timeout: 60000, what: 'the service worker controls the page' });

describe('offline and updates', () => {
  let app;
  let site;
  before(async () => {
    site = mkdtempSync(join(tmpdir(), 'pgplay-site-'));
    cpSync(h.WEB, site, { recursive: true });
    app = await h.setupApp('', { root: site });
  });
  after(async () => {
    await app?.teardown();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  it('after one visit, the app starts, runs queries and opens lessons with the network off', async () => {
    const { page, context } = app;
    await rows(page, 'DROP TABLE IF EXISTS offline_kept; CREATE TABLE offline_kept AS SELECT 42 AS answer');
    await controlled(page);
    await context.setOffline(true);
    try {
      await reopen(page, app.server.url + '?lesson=tables-and-types&step=1');
      await h.lessonStepReady(page, 'the lesson step, offline');
      const lesson = await page.evaluate(() => window.playground.lesson());
      assert.equal(lesson.lessons.length >= 6, true, 'every lesson file came from the cache');
      await page.evaluate(() => window.playground.closeLesson());
      assert.deepEqual(await rows(page, 'SELECT answer FROM offline_kept'), [['42']]);
      assert.equal((await database(page)).storageNote, '', 'the stored database, not a temporary one');
      await h.settle(page);
      await h.screenshot(page, 'offline-sandbox');
    } finally {
      await context.setOffline(false);
    }
    h.assertNoErrors(app.errors);
  });

  it('a new deploy is taken over whole at the next start, says so, and the database is kept', async () => {
    const { page } = app;
    await controlled(page);
    const oldBuild = JSON.parse(readFileSync(join(site, 'precache.json'), 'utf8')).build;
    // "Deploy" a new version: a changed file, a new build id in the worker and the file list.
    const newBuild = 'test' + oldBuild.slice(4);
    writeFileSync(join(site, 'lessons.js'), readFileSync(join(site, 'lessons.js'), 'utf8') + '\n// new deploy\n');
    for (const file of ['sw.js', 'precache.json']) {
      writeFileSync(join(site, file), readFileSync(join(site, file), 'utf8').replaceAll(oldBuild, newBuild));
    }
    // This visit still runs the old deploy; the browser installs the new one meanwhile.
    await reopen(page, app.server.url);
    await h.pollUntil(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting),
      { timeout: 60000, what: 'the new deploy installed and waiting' });
    assert.equal(await page.evaluate(() => document.getElementById('pgplay-notice').hidden), true);

    // The next start finds the new deploy waiting, lets it take over, and reloads itself into it.
    // (A start that still sees the previous page's hold on the tab leaves it for the one after.)
    let notice = null;
    for (let start = 0; start < 3 && !notice; start++) {
      await page.goto(app.server.url);
      await h.pollUntil(() => page.evaluate(() => window.playground?.database()?.state === 'ready').catch(() => false),
        { timeout: 60000, what: 'ready' });
      notice = await h.pollUntil(() => page.evaluate(() => {
        const n = document.getElementById('pgplay-notice');
        return n && !n.hidden ? n.textContent : null;
      }).catch(() => null), { timeout: 5000, what: 'the update notice' }).catch(() => null);
    }
    assert.match(notice ?? '', /pgplay was updated/);
    const served = await page.evaluate(async () => (await fetch('lessons.js')).text());
    assert.match(served, /new deploy/, 'the new deploy\'s files');
    assert.deepEqual(await rows(page, 'SELECT answer FROM offline_kept'), [['42']], 'the stored database is kept');
    await h.screenshot(page, 'offline-updated');
    h.assertNoErrors(app.errors);
  });
});
