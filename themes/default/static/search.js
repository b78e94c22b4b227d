/* stepwise search: loads search-index.js on first use (a script, not fetch,
   so it works from file://) and ranks sections by where the words appear. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var form = box.querySelector("form"), input = box.querySelector("input"),
      out = box.querySelector(".search-results"), root = box.getAttribute("data-root") || "";
  var fileMode = location.protocol === "file:" || box.hasAttribute("data-portable");
  form.hidden = false;
  var nojs = box.querySelector(".search-nojs");
  if (nojs) nojs.hidden = true;
  var loading = false;

  function load(then) {
    if (window.STEPWISE_SEARCH) return then();
    if (loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = then;
    s.onerror = function () { out.textContent = "The search index could not be loaded."; };
    document.head.appendChild(s);
  }
  function esc(t) {
    return t.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function terms(q) { return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 1; }); }
  function count(hay, w) { var n = 0, i = hay.indexOf(w); while (i >= 0 && n < 10) { n++; i = hay.indexOf(w, i + w.length); } return n; }
  function mark(text, ws) {
    var re = new RegExp("(" + ws.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "giu");
    return esc(text).replace(re, "<mark>$1</mark>");
  }
  function snippet(text, ws) {
    var low = text.toLowerCase(), at = low.indexOf(ws[0]);
    var start = Math.max(0, at - 60), end = Math.min(text.length, (at < 0 ? 0 : at) + 140);
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }
  function href(u) {
    var i = u.indexOf("#"), p = i < 0 ? u : u.slice(0, i), f = i < 0 ? "" : u.slice(i);
    if (fileMode && (p === "" || p.slice(-1) === "/")) p += "index.html";
    return (root + p || "./") + f;
  }
  var entries;
  /* The index stores each page once: expand it into {t, h, u, x} entries. */
  function expand() {
    if (entries) return entries;
    var idx = window.STEPWISE_SEARCH;
    entries = idx.sections.map(function (s) {
      var page = idx.pages[s[0]];
      return { t: page[0], h: s[1], u: page[1] + (s[2] ? "#" + s[2] : ""), x: s[3] };
    });
    return entries;
  }
  function search() {
    var ws = terms(input.value);
    out.innerHTML = "";
    if (!ws.length) return;
    var hits = [];
    expand().forEach(function (e) {
      var t = e.t.toLowerCase(), h = e.h.toLowerCase(), x = e.x.toLowerCase(), score = 0;
      for (var i = 0; i < ws.length; i++) {
        var s = 5 * count(t, ws[i]) + 3 * count(h, ws[i]) + count(x, ws[i]);
        if (!s) return;
        score += s;
      }
      hits.push({ e: e, s: score });
    });
    hits.sort(function (a, b) { return b.s - a.s; });
    var status = document.createElement("p");
    status.className = "search-status";
    status.textContent = hits.length ? hits.length + (hits.length === 1 ? " result" : " results") : "No results";
    out.appendChild(status);
    if (!hits.length) return;
    var ol = document.createElement("ol");
    hits.slice(0, 10).forEach(function (hit) {
      var e = hit.e, li = document.createElement("li");
      li.innerHTML = '<a href="' + esc(href(e.u)) + '"><span class="search-title">' + mark(e.t, ws) + "</span>" +
        (e.h ? '<span class="search-heading">' + mark(e.h, ws) + "</span>" : "") + "</a>" +
        '<p class="search-snippet">' + mark(snippet(e.x, ws), ws) + "</p>";
      ol.appendChild(li);
    });
    out.appendChild(ol);
  }
  var timer;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { load(search); }, 80); });
  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { input.value = ""; out.innerHTML = ""; } });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); load(search); });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) { ev.preventDefault(); input.focus(); }
  });
})();
