// Share links (web/share.js): what a link carries comes back intact, and a link that is too
// long, damaged or from a newer pgplay is refused with a sentence instead of half-opened.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SHARE_CHARS, decodeShare, encodeShare, shareUrl } from '../../web/share.js';

describe('share links', () => {
  it('carry the script, lesson step, race and setup, and nothing else', async () => {
    const payload = { sql: "SELECT 'héllo 中文 😀', $$a\nb$$;\n", lesson: 'joins', step: 2, race: 'lost-update',
      setup: 'CREATE TABLE t (n int);', file: '/examples/shop.sql', evil: '<script>', step2: 3 };
    const { value, problem } = await encodeShare(payload);
    assert.equal(problem, undefined);
    assert.match(value, /^1[A-Za-z0-9_-]+$/);
    const back = await decodeShare(value);
    const { evil, step2, ...kept } = payload;
    assert.deepEqual(back, { payload: kept });
  });

  it('leave out empty fields and fields of the wrong type', async () => {
    const { value } = await encodeShare({ sql: 'SELECT 1', lesson: '', step: 0, race: 7 });
    assert.deepEqual(await decodeShare(value), { payload: { sql: 'SELECT 1' } });
    assert.deepEqual(await decodeShare(''), { payload: {} });
  });

  it('compress: a typical script makes a short link', async () => {
    const sql = 'SELECT p.name, count(t.id)\nFROM projects p\nLEFT JOIN tasks t ON t.project_id = p.id\nGROUP BY p.name\nORDER BY p.name;\n';
    const { value } = await encodeShare({ sql: sql.repeat(20) });
    assert.ok(value.length < sql.length * 2, `${value.length} characters for ${sql.length * 20}`);
    const url = shareUrl('https://pgplay.example/index.html?embed=1&sql=x#frag', value);
    assert.equal(url, 'https://pgplay.example/index.html?s=' + value);
  });

  it('refuse to make a link that is too long', async () => {
    const random = Buffer.from(crypto.getRandomValues(new Uint8Array(30000))).toString('base64');   // does not compress
    const { value, problem } = await encodeShare({ sql: random });
    assert.equal(value, undefined);
    assert.match(problem, /too long to share/);
  });

  it('refuse a damaged, foreign, oversized or newer link, saying which', async () => {
    const { value } = await encodeShare({ sql: 'SELECT 42;'.repeat(30) });
    const cases = [
      [value.slice(0, value.length - 5), /damaged/],      // cut off when copied
      [value.slice(0, 1) + 'x' + value.slice(2), /damaged/],
      ['1%%%%', /damaged/],
      ['1' + Buffer.from('{"sql": 1').toString('base64url'), /damaged/],
      ['hello', /damaged/],
      ['2' + value.slice(1), /newer version/],
      ['1' + 'A'.repeat(MAX_SHARE_CHARS), /too long/],
    ];
    for (const [bad, why] of cases) {
      const r = await decodeShare(bad);
      assert.equal(r.payload, undefined, bad.slice(0, 30));
      assert.match(r.problem, why, bad.slice(0, 30));
    }
    // JSON that is not an object.
    const { value: arrayLink } = await (async () => {
      const bytes = new Uint8Array(await new Response(new Blob(['[1,2]']).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
      return { value: '1' + Buffer.from(bytes).toString('base64url') };
    })();
    assert.match((await decodeShare(arrayLink)).problem, /damaged/);
  });
});
