// Kariz service worker: precaches the app shell so Kariz opens and works with no network.
// scripts/post-build.sh fills in VERSION (a hash of the build), FILES (the files of dist/ to
// precache) and LAZY (the rest) after each Trunk build. A new build installs beside the running one and waits; the page offers
// "reload" and only then is the new version activated and the old cache removed.
const VERSION = '__VERSION__';
const FILES = __FILES__;
// Files of this build fetched on first use (the spreadsheet worker), then kept like the rest.
const LAZY = __LAZY__;
const CACHE = `kariz-${VERSION}`;

self.addEventListener('install', (event) => {
  const scope = self.registration.scope;
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(['./', ...FILES].map((f) => new URL(f, scope).href))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('kariz-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page asks the waiting worker to take over when the user chooses to reload.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      // Navigations get the cached page, so a deep link or a reload works offline.
      const key = request.mode === 'navigate' ? new URL('./', self.registration.scope).href : request;
      const hit = await cache.match(key, { ignoreSearch: true });
      if (hit) return hit;
      const response = await fetch(request);
      const path = new URL(request.url).pathname.slice(new URL(self.registration.scope).pathname.length);
      if (response.ok && LAZY.includes(path)) await cache.put(request, response.clone());
      return response;
    }),
  );
});
