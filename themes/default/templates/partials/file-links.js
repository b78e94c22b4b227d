/* Opened from disk (a file: URL), a link to a folder opens a listing, not its page: point such links, and forms' actions, at index.html. */
if (location.protocol === "file:") document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a[href], form[action]").forEach(function (a) {
    var attr = a.hasAttribute("href") ? "href" : "action", h = a.getAttribute(attr);
    if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(h)) return;
    var i = h.indexOf("#"), p = i < 0 ? h : h.slice(0, i), f = i < 0 ? "" : h.slice(i);
    if (p === "." || p === ".." || p === "") p += p ? "/" : "./";
    if (p.slice(-1) === "/") a.setAttribute(attr, p + "index.html" + f);
  });
});
