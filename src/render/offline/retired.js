/* stepwise: no service worker here. This one replaces any worker an
   earlier visit installed (a build with offline reading, or a preview):
   it deletes what that worker cached, unregisters itself and reloads the
   pages it controlled, so they come from the server again. */
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  var base = new URL("./", self.location).href;
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("stepwise " + base) === 0; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }).then(function () {
    return self.registration.unregister();
  }).then(function () {
    return self.clients.matchAll({ type: "window" });
  }).then(function (pages) {
    pages.forEach(function (p) { p.navigate(p.url); });
  }));
});
