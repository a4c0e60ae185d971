// Characters beyond the built-in fonts (中文, emoji): the fallback fonts are several MB, so they
// are fetched only once text needs them, and then the text is drawn with them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

describe('fallback fonts', () => {
  let app;
  const fontRequests = [];
  before(async () => {
    app = await h.setupApp();
    app.page.on('request', (r) => { if (/assets\/fallback-/.test(r.url())) fontRequests.push(r.url()); });
  });
  after(async () => {
    if (app) await app.teardown();
  });

  it('are not downloaded while the text is Latin', async () => {
    await h.run(app.page, "SELECT 'grüße ñ é' AS latin");
    await h.settle(app.page);
    assert.deepEqual(fontRequests, []);
  });

  it('are fetched once CJK and emoji appear, and the editor keeps the text', async () => {
    const text = "SELECT '中文 😀' AS s;";
    const result = await h.run(app.page, text);
    assert.deepEqual(result.results[0].rows, [['中文 😀']]);
    await h.pollUntil(() => fontRequests.length >= 2, { what: 'both fallback fonts requested' });
    assert.ok(fontRequests.some((u) => /fallback-cjk\.[0-9a-f]{12}\.ttf$/.test(u)));
    assert.ok(fontRequests.some((u) => /fallback-symbols\.[0-9a-f]{12}\.ttf$/.test(u)));
    await h.settle(app.page);
    await h.screenshot(app.page, 'cjk-and-emoji');
    assert.equal(await h.editorText(app.page), text);
    h.assertNoErrors(app.errors);
  });
});
