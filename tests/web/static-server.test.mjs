// scripts/lib/static-server.mjs sends a precompressed copy in the best encoding the browser
// accepts, falls back to gzip made on the fly, never sends a copy older than its file, and keys
// its ETags by encoding (a revalidation in one encoding is never answered for another).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import http from 'node:http';

const server = join(dirname(fileURLToPath(import.meta.url)), '../../scripts/lib/static-server.mjs');
const text = 'SELECT 1;\n'.repeat(500);

// Node's fetch always asks for gzip and brotli and decodes them; http.get sends what it is told.
function get(port, path, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('static server', () => {
  let root;
  let child;
  const port = 18000 + Math.floor(Math.random() * 2000);
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'pgplay-static-'));
    writeFileSync(join(root, 'script.js'), text);
    writeFileSync(join(root, 'script.js.br'), brotliCompressSync(text));
    writeFileSync(join(root, 'script.js.gz'), gzipSync(text));
    writeFileSync(join(root, 'plain.js'), text);   // no copies
    writeFileSync(join(root, 'stale.js'), text);
    writeFileSync(join(root, 'stale.js.br'), brotliCompressSync('an older version'));
    const past = new Date(Date.now() - 3600e3);
    utimesSync(join(root, 'stale.js.br'), past, past);
    child = spawn(process.execPath, [server, root, String(port)], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        await get(port, '/plain.js');
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error('the server did not start');
  });
  after(() => {
    child?.kill();
    rmSync(root, { recursive: true, force: true });
  });

  it('sends the brotli copy when the browser accepts brotli, else the gzip copy, else the file', async () => {
    const br = await get(port, '/script.js', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(Number(br.headers['content-length']), br.body.length);
    assert.equal(brotliDecompressSync(br.body).toString(), text);
    assert.equal(br.headers.vary, 'accept-encoding');

    const gz = await get(port, '/script.js', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), text);

    const plain = await get(port, '/script.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), text);
  });

  it('compresses on the fly without a copy, and never sends a copy older than its file', async () => {
    const onTheFly = await get(port, '/plain.js', { 'accept-encoding': 'br, gzip' });
    assert.equal(onTheFly.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(onTheFly.body).toString(), text);
    const stale = await get(port, '/stale.js', { 'accept-encoding': 'br, gzip' });
    assert.equal(stale.headers['content-encoding'], 'gzip', 'the stale brotli copy is passed over');
    assert.equal(gunzipSync(stale.body).toString(), text);
  });

  it('keys ETags by encoding: a revalidation gets 304 only in the encoding it was made in', async () => {
    const br = await get(port, '/script.js', { 'accept-encoding': 'br' });
    const again = await get(port, '/script.js', { 'accept-encoding': 'br', 'if-none-match': br.headers.etag });
    assert.equal(again.status, 304);
    const other = await get(port, '/script.js', { 'accept-encoding': 'gzip', 'if-none-match': br.headers.etag });
    assert.equal(other.status, 200);
    assert.equal(other.headers['content-encoding'], 'gzip');
  });
});
