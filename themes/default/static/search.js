/* stepwise search: loads search-index.js on first use (a script, not fetch,
   so it works from file://) and ranks every section and checklist item.

   Ranking: each query word must match the start of a word ("ck" finds "CK",
   never "tick"; a number only matches the whole number). Where it matches
   weighs most: the page's title (on the entry for the top of the page),
   then headings, then a checklist item's text and the page's description,
   then body text. Whole words beat prefixes, and words found next to each other in
   the query's order earn a bonus. If no entry has every word, the entries
   with the most of them are shown, and the status says so.

   Results link to the heading of the section that matched, or to the item
   on its checklist page. Highlights cover the matching start of a word and
   are placed on the text before it is escaped, so they never fall inside a
   word or an HTML entity. */
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
  var loading = false, waiting = null;

  /* Field weights. A section's page title counts fully only on the entry for
     the top of the page, so a query for a page's title finds that page first
     rather than each of its sections. */
  var W = { title: 10, context: 2, path: 6, heading: 6, item: 3, group: 2, description: 3, text: 1 };
  var PREFIX = 0.7, PHRASE = 4, SHOWN = 10, SNIPPET = 150;

  /* Runs `then` once the index is there; while it loads, the latest
     wish waits (a query typed before it arrived still runs). */
  function load(then) {
    if (window.STEPWISE_SEARCH) return then();
    waiting = then;
    if (loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = function () { waiting(); };
    s.onerror = function () { out.textContent = "The search index could not be loaded."; };
    document.head.appendChild(s);
  }
  function esc(t) {
    return t.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  var ALNUM = /[\p{L}\p{N}]/u, WORD = /[\p{L}\p{N}]+/gu;
  /* Lower case without accents: "Étude" and "etude" match. */
  function fold(t) { return t.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase(); }
  function isNumber(t) { return /^\p{N}+$/u.test(t); }

  /* The query's words, folded; single letters are dropped (they would
     match nearly everything), single digits kept. */
  function terms(q) {
    var seen = {};
    return (fold(q).match(WORD) || []).filter(function (w) {
      if ((w.length < 2 && !isNumber(w)) || seen[w]) return false;
      return (seen[w] = true);
    });
  }

  /* How well `t` matches folded text `f`: 1 for a whole word, PREFIX for the
     start of a word, 0 for none; `count` also says how often (up to 5). */
  function match(f, t, count) {
    var best = 0, n = 0, i = f.indexOf(t);
    while (i >= 0 && n < 5) {
      if (i === 0 || !ALNUM.test(f.charAt(i - 1))) {
        var whole = i + t.length >= f.length || !ALNUM.test(f.charAt(i + t.length));
        if (whole || !isNumber(t)) {
          n++;
          best = Math.max(best, whole ? 1 : PREFIX);
          if (best === 1 && !count) break;
        }
      }
      i = f.indexOf(t, i + 1);
    }
    return count ? best * (1 + 0.3 * Math.max(0, n - 1)) : best;
  }

  var entries;
  /* The index stores each page once: expand it into entries of
     {t: title, h: heading, d: description, x: text, k: more words, u: link, top, item} with
     their folded fields (f*). Every page gets an entry for its top, even
     when it starts with a heading. */
  function expand() {
    if (entries) return entries;
    var idx = window.STEPWISE_SEARCH, hasTop = {};
    entries = [];
    function add(e) {
      e.ft = fold(e.t); e.fh = fold(e.h); e.fd = fold(e.d); e.fx = fold(e.x);
      // The rest of a long section's words, each once: found, never shown.
      e.fk = fold(e.k || "");
      // The top of a page is also found by its address ("faq").
      e.fp = e.top ? fold(e.u) : "";
      entries.push(e);
    }
    idx.sections.forEach(function (s) {
      var page = idx.pages[s[0]], top = !s[2];
      if (top) hasTop[s[0]] = true;
      add({ t: page[0], h: s[1], d: top ? page[2] || "" : "", x: s[3], k: s[4] || "", u: page[1] + (s[2] ? "#" + s[2] : ""), top: top });
    });
    idx.pages.forEach(function (page, i) {
      if (!hasTop[i]) add({ t: page[0], h: "", d: page[2] || "", x: "", u: page[1], top: true });
    });
    var group = "";
    (idx.items || []).forEach(function (it) {
      var page = idx.pages[it[0]];
      // A group's name comes with its first item only.
      group = it[1] || group;
      add({ t: page[0], h: group, d: "", x: it[3], u: page[3] + "#item-" + it[2], item: true });
    });
    return entries;
  }

  /* Whether the words of `ws` appear in folded text `f` next to each other,
     in order (each may be the start of a word). */
  function phrase(f, re) { return re && re.test(f); }

  /* Whether every word of folded text `f` is started by a word of `ws`. */
  function covered(f, ws) {
    var words = f.match(WORD);
    return !!words && words.every(function (w) {
      return ws.some(function (t) { return w.indexOf(t) === 0 && (!isNumber(t) || w === t); });
    });
  }

  function rank(ws) {
    var re = ws.length > 1 ? new RegExp("(^|[^\\p{L}\\p{N}])" + ws.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("[\\p{L}\\p{N}]*[^\\p{L}\\p{N}]+"), "u") : null;
    var hits = [], most = 0;
    expand().forEach(function (e, order) {
      var score = 0, found = 0;
      for (var i = 0; i < ws.length; i++) {
        var w = ws[i], s;
        if (e.item) {
          s = W.context * match(e.ft, w) + W.group * match(e.fh, w) + W.item * match(e.fx, w);
        } else {
          s = Math.max((e.top ? W.title : W.context) * match(e.ft, w), W.path * match(e.fp, w)) + W.heading * match(e.fh, w) +
            W.description * match(e.fd, w) + W.text * Math.max(match(e.fx, w, true), match(e.fk, w));
        }
        if (s) { found++; score += s; }
      }
      if (!found) return;
      // A heading (or the title of a page's top) made of nothing but the
      // query's words is what the reader asked for.
      if (found === ws.length) {
        if (!e.item && covered(e.fh, ws)) score += PHRASE * 2;
        else if (e.top && covered(e.ft, ws)) score += PHRASE * 2;
      }
      if (re) {
        if (e.top && phrase(e.ft, re)) score += PHRASE * 2;
        if (phrase(e.fh, re)) score += PHRASE * 1.5;
        else if (e.item && phrase(e.fx, re)) score += PHRASE;
        else if (phrase(e.fx, re) || phrase(e.fd, re)) score += PHRASE / 2;
      }
      most = Math.max(most, found);
      hits.push({ e: e, s: score, n: found, o: order });
    });
    hits = hits.filter(function (h) { return h.n === most; });
    hits.sort(function (a, b) { return b.s - a.s || a.o - b.o; });
    return { hits: hits, all: most === ws.length };
  }

  /* The ranges of `text` (original, not folded) to highlight: the part of
     each word that a query word starts. */
  function ranges(text, ws) {
    var found = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var word = m[0], f = fold(word), len = 0;
      for (var i = 0; i < ws.length; i++) {
        var w = ws[i];
        if (f.indexOf(w) !== 0 || (isNumber(w) && f.length !== w.length)) continue;
        // Folding can change a word's length (ß, ligatures): then mark all of it.
        len = Math.max(len, f.length === word.length ? w.length : word.length);
      }
      if (len) found.push([m.index, m.index + len]);
    }
    return found;
  }
  function mark(text, ws) {
    var html = "", at = 0;
    ranges(text, ws).forEach(function (r) {
      html += esc(text.slice(at, r[0])) + "<mark>" + esc(text.slice(r[0], r[1])) + "</mark>";
      at = r[1];
    });
    return html + esc(text.slice(at));
  }
  /* About SNIPPET characters of `text` around where the most query words
     match, cut at spaces. */
  function snippet(text, ws) {
    if (text.length <= SNIPPET) return text;
    var rs = ranges(text, ws), start = 0, best = -1;
    for (var i = 0; i < rs.length; i++) {
      var seen = {}, n = 0;
      for (var j = i; j < rs.length && rs[j][1] - rs[i][0] <= SNIPPET - 40; j++) {
        var w = fold(text.slice(rs[j][0], rs[j][1]));
        if (!seen[w]) { seen[w] = true; n++; }
      }
      if (n > best) { best = n; start = rs[i][0]; }
    }
    start = Math.max(0, start - 40);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space < 0 || space - start > 20 ? start : space + 1;
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > start + SNIPPET / 2) end = cut;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }
  function href(u) {
    var i = u.indexOf("#"), p = i < 0 ? u : u.slice(0, i), f = i < 0 ? "" : u.slice(i);
    if (fileMode && (p === "" || p.slice(-1) === "/")) p += "index.html";
    return (root + p || "./") + f;
  }

  function search() {
    var ws = terms(input.value);
    out.innerHTML = "";
    if (!ws.length) {
      // Only single letters: say so rather than show nothing.
      if (/[\p{L}\p{N}]/u.test(input.value)) out.innerHTML = '<p class="search-status">Type at least two letters</p>';
      return;
    }
    var r = rank(ws), hits = r.hits;
    var status = document.createElement("p");
    status.className = "search-status";
    status.textContent = !hits.length ? "No results" :
      (r.all ? "" : "No result has every word; closest: ") + hits.length + (hits.length === 1 ? " result" : " results");
    out.appendChild(status);
    if (!hits.length) return;
    var ol = document.createElement("ol");
    hits.slice(0, SHOWN).forEach(function (hit) {
      var e = hit.e, li = document.createElement("li"), text = e.x;
      // The top of a page found by its description shows the description.
      if (e.d && (!text || !ranges(text, ws).length)) text = e.d;
      li.innerHTML = '<a href="' + esc(href(e.u)) + '"><span class="search-title">' +
        (e.item ? "Checklist: " : "") + mark(e.t, ws) + "</span>" +
        (e.h ? '<span class="search-heading">' + mark(e.h, ws) + "</span>" : "") + "</a>" +
        (text ? '<p class="search-snippet">' + mark(e.item ? text : snippet(text, ws), ws) + "</p>" : "");
      ol.appendChild(li);
    });
    out.appendChild(ol);
  }

  /* Up and down move between the results; Escape clears and returns to the box. */
  function links() { return [].slice.call(out.querySelectorAll("a")); }
  function move(by) {
    var ls = links(), i = ls.indexOf(document.activeElement);
    if (!ls.length) return;
    if (i + by < 0) return input.focus();
    ls[Math.min(ls.length - 1, i + by)].focus();
  }
  function clear() { input.value = ""; out.innerHTML = ""; input.focus(); }

  var timer;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { load(search); }, 80); });
  input.addEventListener("focus", function () { load(function () {}); });
  form.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { ev.preventDefault(); clear(); }
    else if (ev.key === "ArrowDown") { ev.preventDefault(); move(1); }
    else if (ev.key === "ArrowUp" && ev.target !== input) { ev.preventDefault(); move(-1); }
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    load(function () {
      search();
      var first = out.querySelector("a");
      if (first) first.click();
    });
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) { ev.preventDefault(); input.focus(); }
  });
  /* A click elsewhere closes the results. */
  document.addEventListener("click", function (ev) {
    if (!box.contains(ev.target)) out.innerHTML = "";
  });
})();
