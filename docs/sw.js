// Service worker: the catalog keeps working offline after a reader's first Run.
//
// - Pages and the site's own files: network first, so a new build is seen at
//   once; every response is kept, and the cache answers when the network is off.
// - Pyodide and Mermaid (pinned npm versions under assets/vendor/): cache
//   first; they only change with their version, which names their cache.
// - Nothing is downloaded ahead of time until the reader runs a snippet: then
//   the runner asks for the whole site (pages, search index, runner files) to
//   be cached, so any other page and its Python work offline.
// The build fills in the two constants below (sitebuild/offline.py).
const BUILD = "__BUILD__";
const PRECACHE = ["__PRECACHE__"];
const VENDOR_VERSION = "__VENDOR__";

const SITE_CACHE = `site-${BUILD}`;
const VENDOR_CACHE = `vendor-${VENDOR_VERSION}`;
const SCOPE = new URL("./", self.location).href;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // A new build replaces the old pages; the vendor cache survives if its version did.
      for (const name of await caches.keys()) {
        if (name !== SITE_CACHE && name !== VENDOR_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(SITE_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(VENDOR_CACHE);
  const cached = await caches.match(request); // precached diagram modules live in the site cache
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const vendor = request.url.startsWith(new URL("assets/vendor/", SCOPE).href);
  event.respondWith(vendor ? cacheFirst(request) : networkFirst(request));
});

self.addEventListener("message", (event) => {
  if (event.data?.type !== "precache") return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SITE_CACHE);
      const missing = [];
      for (const path of PRECACHE) {
        const url = new URL(path, SCOPE).href;
        if (!(await cache.match(url))) missing.push(url);
      }
      // A few at a time: the reader's own requests keep priority.
      for (let i = 0; i < missing.length; i += 6) {
        await Promise.all(missing.slice(i, i + 6).map((url) => cache.add(url).catch(() => {})));
      }
      event.source?.postMessage({ type: "precached", count: PRECACHE.length });
    })(),
  );
});
