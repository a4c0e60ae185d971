// A small static file server for build/web/ (serve.sh and the browser tests use it).
// It sends the right MIME types for .wasm and module workers; a precompressed copy (X.br, X.gz
// beside X, see precompress.mjs) when the browser accepts its encoding, else gzip made on the
// fly; and ETags with 304 answers to revalidations, so measured download sizes match what a
// static host with precompressed files (or a CDN) serves. Every response also carries the
// headers netlify.toml gives its path in production (site-headers.mjs): its Content-Security-
// Policy, caching and types.
//
// For benchmarks it can pace every response like one shared link of PGPLAY_LINK_MBIT Mbit/s with
// PGPLAY_LINK_RTT_MS of round trip (the answer starts one round trip after the request, and all
// bodies share the rate). DevTools throttling does not reach Web Worker requests; this does.
// usage: [PGPLAY_LINK_MBIT=20 PGPLAY_LINK_RTT_MS=40] node scripts/lib/static-server.mjs ROOT PORT [HOST]
import { createServer } from 'node:http';
import { Transform } from 'node:stream';
import { createReadStream, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { headersFor, loadSiteRules } from './site-headers.mjs';

const root = resolve(process.argv[2] || 'build/web');
const port = Number(process.argv[3] || 8080);
const host = process.argv[4] || '127.0.0.1';

const siteRules = loadSiteRules(join(dirname(fileURLToPath(import.meta.url)), '../../netlify.toml'));

const linkBytesPerMs = Number(process.env.PGPLAY_LINK_MBIT || 0) * 1e6 / 8 / 1000;
const linkRttMs = Number(process.env.PGPLAY_LINK_RTT_MS || 0);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let linkFreeAt = 0;   // when the shared link has sent everything queued on it (Date.now() ms)

// Passes chunks on no faster than the link carries them.
function pacedLink() {
  return new Transform({
    async transform(chunk, _encoding, done) {
      const now = Date.now();
      linkFreeAt = Math.max(now, linkFreeAt) + chunk.length / linkBytesPerMs;
      await sleep(linkFreeAt - now);
      done(null, chunk);
    },
  });
}

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json',
  '.css': 'text/css', '.ttf': 'font/ttf', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json', '.data': 'application/octet-stream',
  '.gz': 'application/gzip', '.txt': 'text/plain; charset=utf-8', '.md': 'text/markdown; charset=utf-8',
};
const compressible = new Set(['.html', '.js', '.mjs', '.wasm', '.json', '.css', '.ttf', '.data', '.svg', '.txt', '.md',
  '.webmanifest']);

// The precompressed copy of `file` to send for this request, or null: the first encoding the
// browser accepts whose copy is there and not older than the file.
function precompressed(file, stat, acceptEncoding) {
  for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']]) {
    if (!new RegExp(`\\b${encoding}\\b`).test(acceptEncoding)) continue;
    try {
      const copy = statSync(file + ext);
      if (copy.isFile() && copy.mtimeMs >= stat.mtimeMs) return { encoding, path: file + ext, stat: copy };
    } catch {
      /* no copy in this encoding */
    }
  }
  return null;
}

const server = createServer(async (req, res) => {
  if (linkRttMs > 0) await sleep(linkRttMs);
  let path, site;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    site = headersFor(siteRules, path);
  } catch {
    res.writeHead(400).end('bad request');
    return;
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  let stat;
  try {
    stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const ext = extname(file);
  const accepted = req.headers['accept-encoding'] || '';
  const copy = compressible.has(ext) ? precompressed(file, stat, accepted) : null;
  const gzipNow = !copy && compressible.has(ext) && /\bgzip\b/.test(accepted);
  const encoding = copy ? copy.encoding : gzipNow ? 'gzip' : 'identity';
  // One ETag per file and encoding: a cache must not answer one encoding's request with another.
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}-${encoding}"`;
  const headers = { 'content-type': types[ext] || 'application/octet-stream', 'cache-control': 'no-cache', ...site, etag };
  if (compressible.has(ext)) headers.vary = 'accept-encoding';
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  if (!gzipNow) headers['content-length'] = copy ? copy.stat.size : stat.size;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') return res.end();
  const stream = createReadStream(copy ? copy.path : file);
  const body = gzipNow ? stream.pipe(createGzip({ level: 6 })) : stream;
  (linkBytesPerMs > 0 ? body.pipe(pacedLink()) : body).pipe(res);
});
server.listen(port, host, () => {
  console.log(`serving ${root} at http://${host === '127.0.0.1' ? 'localhost' : host}:${port}/`);
});
