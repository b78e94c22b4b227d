/* From disk (file://) a link to a folder opens a listing, not its page: point such links at index.html. */
if (location.protocol === "file:") document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a[href]").forEach(function (a) {
    var h = a.getAttribute("href");
    if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(h)) return;
    var i = h.indexOf("#"), p = i < 0 ? h : h.slice(0, i), f = i < 0 ? "" : h.slice(i);
    if (p === "." || p === "..") p += "/";
    if (p.slice(-1) === "/") a.setAttribute("href", p + "index.html" + f);
  });
});
