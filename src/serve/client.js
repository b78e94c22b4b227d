(function () {
  "use strict";
  var BUILD = __STEPWISE_BUILD__;
  var KEY = "stepwise:serve:scroll:" + location.pathname;
  if (window.__stepwiseServe) return;
  window.__stepwiseServe = true;

  // A preview is never read offline (the theme's offline script sees the
  // flag above): let go of any service worker and cache an earlier visit to
  // this address left, such as a build with offline reading.
  try {
    if (navigator.serviceWorker) navigator.serviceWorker.getRegistrations().then(function (rs) {
      rs.forEach(function (r) { r.unregister(); });
    }, function () {});
    if (window.caches) caches.keys().then(function (names) {
      names.forEach(function (n) { if (n.indexOf("stepwise ") === 0) caches.delete(n); });
    }, function () {});
  } catch (e) {}

  // Put the page back where it was before a reload.
  var saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    sessionStorage.removeItem(KEY);
  } catch (e) {}
  if (saved) {
    var restore = function () { window.scrollTo(saved[0], saved[1]); };
    restore();
    document.addEventListener("DOMContentLoaded", restore);
    window.addEventListener("load", restore);
  }

  function reload() {
    try {
      sessionStorage.setItem(KEY, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) {}
    location.reload();
  }

  // Load each same-origin stylesheet again; drop the old one once the new
  // one has loaded, so the page never shows unstyled.
  function swapStyles() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("stepwise-reload", String(Date.now()));
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      var done = function () { if (link.parentNode) link.parentNode.removeChild(link); };
      fresh.addEventListener("load", done);
      fresh.addEventListener("error", done);
      link.parentNode.insertBefore(fresh, link.nextSibling);
    });
  }

  function showError(html) {
    var old = document.getElementById(__STEPWISE_OVERLAY__);
    if (old) old.parentNode.removeChild(old);
    var holder = document.createElement("div");
    holder.innerHTML = html;
    if (holder.firstElementChild) document.body.appendChild(holder.firstElementChild);
  }

  if (!window.EventSource) return;
  // Hidden tabs let go of their connection: browsers allow only a few per
  // server, and a tab coming back checks the build it shows on reconnecting.
  var events = null;
  function connect() {
    if (events) return;
    events = new EventSource(__STEPWISE_EVENTS__);
    events.addEventListener("hello", function (e) { if (e.data !== BUILD) reload(); });
    events.addEventListener("reload", reload);
    events.addEventListener("css", function (e) { BUILD = e.data; swapStyles(); });
    events.addEventListener("build-error", function (e) { showError(JSON.parse(e.data)); });
  }
  function disconnect() {
    if (events) events.close();
    events = null;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect(); else connect();
  });
  window.addEventListener("pagehide", disconnect);
  // Back from the back/forward cache: catch up.
  window.addEventListener("pageshow", function (e) { if (e.persisted) location.reload(); });
  if (!document.hidden) connect();
})();
