// pgplay's service worker: the site works offline after one visit, and a new deploy never mixes
// its files with the old one's.
//
// Every deploy is one cache, named after its build (BUILD is stamped by scripts/lib/assemble-
// site.sh from the files' contents, so a new deploy is a new sw.js and the browser installs it).
// Installing fetches the deploy's file list (precache.json) into that cache; until the new
// worker takes over, pages keep being served by the old one from the old cache, whole. The page
// asks a waiting worker to take over when it starts (web/offline.js), before it loads anything
// else, so the next visit runs the new deploy and says so. Files not in the list (extension
// bundles, fallback fonts) join the current cache the first time they are fetched.
//
// The learner's database (OPFS) and progress (localStorage) are not caches: updates never touch
// them.

const BUILD = '__PGPLAY_BUILD__';
const CACHE = 'pgplay-' + BUILD;
const CACHE_PREFIX = 'pgplay-';
// Paths whose contents never change under the same name (see netlify.toml).
const IMMUTABLE = /^(\.\/)?(assets|vendor)\//;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const list = await fetch('precache.json', { cache: 'no-cache' }).then((r) => {
      if (!r.ok) throw new Error('precache.json: HTTP ' + r.status);
      return r.json();
    });
    if (list.build !== BUILD) throw new Error('precache.json is from another build');
    const cache = await caches.open(CACHE);
    // A file whose name says its contents (assets/<name>.<hash>.<ext>, PGlite's versioned
    // folder) is the same file in the last deploy's cache: an update downloads only what changed.
    const fetchList = [];
    for (const path of list.files) {
      const kept = IMMUTABLE.test(path) ? await caches.match(new Request(path)) : undefined;
      if (kept) await cache.put(new Request(path), kept);
      else fetchList.push(path);
    }
    // no-cache: revalidated against the server (a 304 costs no body), never a stale copy of
    // the previous deploy from the HTTP cache.
    await cache.addAll(fetchList.map((path) => new Request(path, { cache: 'no-cache' })));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || typeof data !== 'object') return;
  if (data.type === 'pgplay:take-over') self.skipWaiting();
  if (data.type === 'pgplay:build' && event.ports[0]) event.ports[0].postMessage({ build: BUILD });
});

// Files fetched on demand are kept when they belong to the app: PGlite's extension bundles and
// modules, the fallback fonts.
const RUNTIME_CACHED = /\/(vendor|assets)\//;

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(respond(request, url));
});

async function respond(request, url) {
  const cache = await caches.open(CACHE);
  // The app's page, whatever its query (?lesson=, ?embed=1): the cached page. Other pages (an
  // example blog page) are looked up as themselves.
  const scopePath = new URL('./', self.location).pathname;
  const isPage = request.mode === 'navigate' && (url.pathname === scopePath || url.pathname === scopePath + 'index.html');
  const hit = await cache.match(isPage ? new Request(new URL('./', self.location).href) : request,
    { ignoreSearch: isPage });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic' && RUNTIME_CACHED.test(url.pathname)) {
    cache.put(request, response.clone()).catch(() => { /* quota: served, just not kept */ });
  }
  return response;
}
