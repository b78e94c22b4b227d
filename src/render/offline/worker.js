/* stepwise offline reading, a service worker written by `stepwise build`.
   Above this comment the build put VERSION (a hash of the list) and FILES,
   every file of the site readers may need offline: [path from this
   worker's folder, content hash]. Installing copies what the last version
   cached and fetches only the files whose hash changed; then it takes over
   at once and the open pages say the guide was updated. Files are served
   from the cache first, so every listed page opens offline; anything else
   goes to the network as usual. */
"use strict";
var BASE = new URL("./", self.location).href;
var PREFIX = "stepwise " + BASE + " ";
var NAME = PREFIX + VERSION;
var HASH = "x-stepwise-hash";
var INDEX = new Map(FILES);

/* The cached response under `rel` in `cache`, when it has `hash`. */
function cached(cache, rel, hash) {
  return cache.match(BASE + rel).then(function (r) {
    return r && r.headers.get(HASH) === hash ? r : null;
  });
}

/* A response for the cache: the body, its type and its hash. */
function stamp(res, hash) {
  return res.blob().then(function (body) {
    var headers = new Headers({ "content-type": res.headers.get("content-type") || "" });
    headers.set(HASH, hash);
    return new Response(body, { status: 200, headers: headers });
  });
}

/* Brings `rel` into `cache`: from an older version when its hash is the
   same, else from the network (past the HTTP cache). */
function bring(cache, olds, rel, hash) {
  return cached(cache, rel, hash).then(function (have) {
    if (have) return;
    var i = 0;
    function next() {
      if (i >= olds.length) {
        return fetch(BASE + rel, { cache: "no-cache", credentials: "same-origin" }).then(function (res) {
          if (!res.ok) throw new Error(rel + ": " + res.status);
          return stamp(res, hash);
        });
      }
      return cached(olds[i++], rel, hash).then(function (r) { return r || next(); });
    }
    return next().then(function (r) { return cache.put(BASE + rel, r); });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([
    caches.open(NAME),
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== NAME; }).map(function (n) { return caches.open(n); }));
    }),
  ]).then(function (both) {
    var cache = both[0], olds = both[1], queue = FILES.slice();
    // A few at a time: a slow connection is not flooded.
    function worker() {
      var f = queue.shift();
      return f ? bring(cache, olds, f[0], f[1]).then(worker) : null;
    }
    return Promise.all([worker(), worker(), worker(), worker()]);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== NAME; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET" || req.url.indexOf(BASE) !== 0) return;
  var rel = new URL(req.url).href.split(/[?#]/)[0].slice(BASE.length);
  try { rel = decodeURIComponent(rel); } catch (e) { return; }
  if (rel === "" || rel.slice(-1) === "/") rel += "index.html";
  var hash = INDEX.get(rel);
  if (!hash) return;
  event.respondWith(caches.open(NAME).then(function (cache) {
    return cached(cache, rel, hash);
  }).then(function (r) { return r || fetch(req); }));
});
