/* Min Vej service worker.
 *
 * It keeps a small "shell" (offline page, manifest, icons, built JS/CSS) so the app opens
 * fast and shows a kind page when there is no connection. It never stores a citizen's data:
 * that travels over the websocket (/_event), which a service worker cannot and must not touch.
 *
 * Change CACHE when offline.html, the icons or this file's rules change: the new worker then
 * deletes the old cache on activate.
 */
"use strict";

const CACHE = "minvej-shell-v4";
// Her own pages as the server writes them, for the person logged in only: see herCopy below. The key is the
// address the server writes; its X-Minvej-Offline mark must match. PAGE_COPIES: the app's page each copy
// stands in for when there is no network.
const HER_CACHE = "minvej-crisis-plan"; // the name it had when it held the crisis plan alone: logout (session.py) drops it by name
const HER_COPIES = {
  "/kriseplan": "crisis-plan",
  "/uden-net/forside": "home",
  "/uden-net/arbejdsbog": "workbook",
};
const PAGE_COPIES = {
  "/borger": "/uden-net/forside",
  "/arbejdsbog": "/uden-net/arbejdsbog",
};
const CACHE_PREFIX = "minvej-";
const OFFLINE_URL = "/offline.html";

const PRECACHE = [
  OFFLINE_URL,
  "/manifest.webmanifest",
  "/favicon.ico",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/maskable-512.png",
  "/icons/apple-touch-icon.png",
];

// Never intercepted, never cached: the browser talks to the server directly.
// /_event is the Reflex websocket, /auth/ sets and clears the login cookie, /pdf/ is a person's plan, /hent/ her
// data export, /_upload holds people's files, /ping, /_health and /_all_routes must always tell the truth about the server.
const EXCLUDED_PATHS = [
  "/_event",
  "/auth/",
  "/pdf/",
  "/hent/",
  "/_upload",
  "/ping",
  "/_health",
  "/_all_routes",
  "/auth-codespace",
];

const STATIC_PREFIXES = ["/_next/", "/assets/", "/icons/"];
// The build's own files carry their content's hash in their name (and first_paint.py renames the stylesheet it
// trims): a stored copy is never out of date, so a repeat visit takes them from the cache without asking the
// network again (a citizen's data plan is short).
const HASHED_PREFIX = "/assets/";
const STATIC_EXTENSION = /\.(?:js|mjs|css|woff2|png|svg|ico|webmanifest)$/i;

function isExcluded(pathname) {
  // Also matches behind a path prefix (e.g. /minvej/_event) when the app is not at the root.
  return EXCLUDED_PATHS.some((path) => {
    const base = path.replace(/\/$/, "");
    return pathname.endsWith(base) || pathname.includes(base + "/");
  });
}

function isStatic(pathname) {
  return STATIC_PREFIXES.some((prefix) => pathname.startsWith(prefix)) || STATIC_EXTENSION.test(pathname);
}

// Only a complete, successful, same-origin answer may be stored:
// - opaque responses (status 0) hide their real status, so an error could be kept and served forever;
// - anything but 200 (206 partial, 304, 404, 500 ...) is not the file itself;
// - a redirected response cannot be replayed for a navigation (browsers refuse it);
// - "Cache-Control: no-store" is the server saying "never keep this".
function isCacheable(response) {
  return (
    response instanceof Response &&
    response.ok &&
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    !/no-store/i.test(response.headers.get("Cache-Control") || "")
  );
}

// Pages are stored without their query string: a link may carry an invitation code (?kode=...),
// and such codes must never end up on the device.
function pageKey(url) {
  const u = new URL(url);
  return u.origin + u.pathname;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE && name !== HER_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      // Navigation preload: the page's request leaves at once, while this worker starts (issue 21).
      .then(() => self.registration.navigationPreload && self.registration.navigationPreload.enable())
      .then(() => self.clients.claim()),
  );
});

// The page's own request: the one navigation preload sent while the worker started, if there is one.
async function pageRequest(event) {
  const preloaded = event.preloadResponse && (await event.preloadResponse.catch(() => undefined));
  return preloaded || fetch(event.request);
}

// Navigations: network first, so people always get the newest page when online. Offline, her home and her
// workbook are her copies of them (the Reflex pages need the websocket for her words), if she has them.
async function networkFirst(event) {
  const request = event.request;
  const key = pageKey(request.url);
  try {
    const response = await pageRequest(event);
    if (isCacheable(response)) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
    }
    return response;
  } catch (error) {
    const path = new URL(request.url).pathname.replace(/\/+$/, "") || "/";
    if (PAGE_COPIES[path]) {
      const mine = await (await caches.open(HER_CACHE)).match(self.location.origin + PAGE_COPIES[path]);
      if (mine) return mine;
    }
    const cache = await caches.open(CACHE);
    return (await cache.match(key)) || (await cache.match(OFFLINE_URL)) || Response.error();
  }
}

// Her copies (crisis plan, home, workbook): network first; the newest copy is kept so it opens offline on a bad
// day. Kept only when the server says it is hers (X-Minvej-Offline, the mark for that address) and answered
// 200 for the cookie sent; any other answer (logged out, expired, another person logged in) drops all her
// copies at once, except a server error (5xx), which says nothing about who is logged in. Logout and the login
// page drop them too (citizenplan/state/session.py, minvej.js), so they are
// never shown to another user of the device.
function isHerCopy(response, mark) {
  return (
    response instanceof Response &&
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    response.headers.get("X-Minvej-Offline") === mark
  );
}

async function herCopy(event, path) {
  const request = event.request;
  const key = self.location.origin + path;
  let response;
  try {
    response = request.mode === "navigate" ? await pageRequest(event) : await fetch(request);
  } catch (error) {
    const cache = await caches.open(HER_CACHE);
    return (await cache.match(key)) || (await caches.match(OFFLINE_URL)) || Response.error();
  }
  if (isHerCopy(response, HER_COPIES[path])) {
    const copy = response.clone();
    event.waitUntil(caches.open(HER_CACHE).then((cache) => cache.put(key, copy)));
  } else if (response.status >= 500) {
    // The server could not answer (busy, restarting): it said nothing about who is logged in; keep her copies.
    return response;
  } else {
    event.waitUntil(caches.delete(HER_CACHE));
  }
  return response;
}

// Static files: answer from the cache at once, fetch a fresh copy in the background.
async function staleWhileRevalidate(event) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const network = fetch(request).then((response) => {
    if (isCacheable(response)) {
      const copy = response.clone();
      event.waitUntil(cache.put(request, copy));
    }
    return response;
  });
  if (cached) {
    event.waitUntil(network.catch(() => undefined));
    return cached;
  }
  return network;
}

// The build's hashed files: from the cache when there, else from the network (and kept).
async function cacheFirst(event) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(event.request);
  if (cached) return cached;
  const response = await fetch(event.request);
  if (isCacheable(response)) {
    const copy = response.clone();
    event.waitUntil(cache.put(event.request, copy));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Only GET: logins, logouts, uploads and every other POST go straight to the server.
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isExcluded(url.pathname)) return;
  if (request.headers.has("range")) return;
  if (Object.prototype.hasOwnProperty.call(HER_COPIES, url.pathname)) {
    event.respondWith(herCopy(event, url.pathname));
    return;
  }

  if (request.mode === "navigate") {
    event.respondWith(networkFirst(event));
  } else if (url.pathname.startsWith(HASHED_PREFIX)) {
    event.respondWith(cacheFirst(event));
  } else if (isStatic(url.pathname)) {
    event.respondWith(staleWhileRevalidate(event));
  }
  // Anything else is left to the browser.
});
