/* Readers' ticks, as this browser keeps them: one record per guide, each
   tick under its item's id (never under a step number), so renumbering
   steps, moving an item to another step or group, or reordering items
   keeps every tick. localStorage["stepwise:<site_id>:<guide>:v2"] holds
     {"v":2,"ticks":{"<item id>":[1,1767225600000], ...}}
   1 ticked or 0 unticked, and when that last changed (ms since 1970; 0 for
   ticks moved from an earlier version, whose time is unknown). An untick
   keeps its record, so a merge knows it is newer than a tick elsewhere.
   Ticks of earlier versions (one key per checklist,
   "stepwise:<site_id>:<guide>:v1:<step or page-slug>" = {"v":1,"done":[ids]})
   are moved in on the first visit and their keys removed once saved.
   Also the whole-guide export file, the share link, and merging: the later
   change of each item wins. Storage trouble never throws: `mode` says
   "ok", "off" (nothing can be saved) or "bad" (the record is damaged: ticks
   work for the visit, and only an import or a reset replaces it). */
window.stepwiseTicks = window.stepwiseTicks || (function () {
  "use strict";
  var ID = /^[a-z0-9-]+$/;

  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function isTime(t) { return typeof t === "number" && t >= 0 && t <= 8.64e15 && Math.floor(t) === t; }
  /* The well-formed records of `o`; anything else is left out. */
  function clean(o) {
    var out = {};
    Object.keys(o).forEach(function (id) {
      var r = o[id];
      if (ID.test(id) && Array.isArray(r) && (r[0] === 0 || r[0] === 1) && isTime(r[1])) out[id] = [r[0], r[1]];
    });
    return out;
  }

  var stores = {};
  /* The store of guide `guide` of site `site`, read (and migrated) when
     first opened: one per page, shared by the page's scripts. */
  function open(site, guide) {
    var key = site + ":" + guide;
    if (own(stores, key)) return stores[key];
    var s = stores[key] = {
      site: site, guide: guide, key: "stepwise:" + site + ":" + guide + ":v2",
      old: "stepwise:" + site + ":" + guide + ":v1:", mode: "off", ticks: {}, store: null
    };
    try { s.store = window.localStorage || null; } catch (e) { /* mode stays "off" */ }
    read(s);
    migrate(s);
    return s;
  }

  /* Reads the saved record; on failure the ticks in memory stay as they are. */
  function read(s) {
    if (!s.store) { s.mode = "off"; return; }
    try {
      var raw = s.store.getItem(s.key), o = raw === null ? { v: 2, ticks: {} } : JSON.parse(raw);
      if (!o || o.v !== 2 || !o.ticks || typeof o.ticks !== "object" || Array.isArray(o.ticks)) throw new SyntaxError();
      s.ticks = clean(o.ticks);
      s.mode = "ok";
    } catch (e) {
      s.mode = e instanceof SyntaxError ? "bad" : "off";
    }
  }

  function write(s) {
    if (s.mode !== "ok") return false;
    try {
      s.store.setItem(s.key, JSON.stringify({ v: 2, ticks: s.ticks }));
      return true;
    } catch (e) {
      s.mode = "off";
      return false;
    }
  }

  /* Moves ticks saved per checklist by earlier versions into the guide's
     record (time unknown: any change recorded since wins), then removes
     the old keys that were read, once the record is saved. Old keys that
     cannot be read are left alone. */
  function migrate(s) {
    if (s.mode !== "ok") return;
    var found = [], i, k;
    try {
      for (i = 0; i < s.store.length; i++) {
        k = s.store.key(i);
        if (k && k.indexOf(s.old) === 0) found.push(k);
      }
    } catch (e) { return; }
    if (!found.length) return;
    var moved = found.filter(function (k) {
      try {
        var o = JSON.parse(s.store.getItem(k));
        if (!o || o.v !== 1 || !Array.isArray(o.done)) return false;
        o.done.forEach(function (id) {
          if (typeof id === "string" && ID.test(id) && !own(s.ticks, id)) s.ticks[id] = [1, 0];
        });
        return true;
      } catch (e) { return false; }
    });
    if (moved.length && write(s)) moved.forEach(function (k) {
      try { s.store.removeItem(k); } catch (e) { /* removed next time */ }
    });
  }

  function done(s, id) { return own(s.ticks, id) && s.ticks[id][0] === 1; }

  /* Ticks (`on`) or unticks each of `ids` whose state differs, each with
     the time now (later than its previous record, whatever the clock says),
     after reading what other tabs saved. Returns whether it was saved. */
  function set(s, ids, on) {
    if (s.mode === "ok") read(s);
    var t = Date.now();
    ids.forEach(function (id) {
      if (done(s, id) === on) return;
      var prev = own(s.ticks, id) ? s.ticks[id][1] : -1;
      s.ticks[id] = [on ? 1 : 0, Math.max(t, prev + 1)];
    });
    return write(s);
  }

  /* What merging `theirs` into `mine` (records by id) gives: each item's
     later record wins; on a tie, mine stays. `added` and `removed` list the
     ids whose tick changes, among `known` ids when given (an object). */
  function merge(mine, theirs, known) {
    var ticks = {}, added = [], removed = [];
    Object.keys(mine).forEach(function (id) { ticks[id] = mine[id]; });
    Object.keys(theirs).forEach(function (id) {
      var m = own(mine, id) ? mine[id] : null, r = theirs[id];
      if (m && m[1] >= r[1]) return;
      ticks[id] = [r[0], r[1]];
      var was = !!(m && m[0] === 1), now = r[0] === 1;
      if (was !== now && (!known || own(known, id))) (now ? added : removed).push(id);
    });
    return { ticks: ticks, added: added, removed: removed };
  }

  /* Merges `theirs` into what is saved now (re-read, so nothing another tab
     saved meanwhile is lost) and saves it. A damaged record is replaced by
     the ticks of this visit, merged. */
  function apply(s, theirs) {
    if (s.mode !== "off") read(s);
    if (s.mode === "bad") s.mode = "ok";
    var m = merge(s.ticks, theirs);
    s.ticks = m.ticks;
    return write(s);
  }

  /* "12 ticks added, 1 removed" (or "nothing changes"). */
  function summary(m) {
    var a = m.added.length, r = m.removed.length, parts = [];
    if (a) parts.push(a + " tick" + (a === 1 ? "" : "s") + " added");
    if (r) parts.push(r + (a ? "" : " tick" + (r === 1 ? "" : "s")) + " removed");
    return parts.length ? parts.join(", ") : "nothing changes";
  }

  /* The whole guide's ticks as an export file (readable JSON). */
  function toFile(s) {
    var ticks = {};
    Object.keys(s.ticks).forEach(function (id) {
      var r = s.ticks[id];
      ticks[id] = { done: r[0] === 1, at: r[1] ? new Date(r[1]).toISOString() : null };
    });
    return JSON.stringify({
      stepwise: "checklist progress", version: 2, site: s.site, guide: s.guide,
      exported: new Date().toISOString(), ticks: ticks
    }, null, 1);
  }

  /* Reads an export file: { ticks } or { error } (a phrase). Files of one
     checklist from earlier versions ({"version":1,"done":[...]}) give their
     ticks, timed when they were exported. */
  function fromFile(s, text) {
    var o, ticks = {};
    try { o = JSON.parse(text); } catch (e) { return { error: "is not valid JSON." }; }
    if (!o || typeof o !== "object" || typeof o.site !== "string" || (o.version !== 1 && o.version !== 2)) return { error: "is not a checklist export." };
    if (o.site !== s.site || o.guide !== s.guide) return { error: "is from another guide (" + o.site + " / " + o.guide + ")." };
    if (o.version === 1) {
      if (!Array.isArray(o.done)) return { error: "is not a checklist export." };
      var at = Date.parse(o.exported);
      o.done.forEach(function (id) { if (typeof id === "string" && ID.test(id)) ticks[id] = [1, isNaN(at) ? 0 : at]; });
      return { ticks: ticks };
    }
    if (!o.ticks || typeof o.ticks !== "object" || Array.isArray(o.ticks)) return { error: "is not a checklist export." };
    Object.keys(o.ticks).forEach(function (id) {
      var r = o.ticks[id], t = r && r.at === null ? 0 : Date.parse(r && r.at);
      if (ID.test(id) && r && typeof r.done === "boolean" && isTime(t)) ticks[id] = [r.done ? 1 : 0, t];
    });
    return { ticks: ticks };
  }

  /* The share link's fragment payload: "2.<base>,<entry>,...", times in
     seconds, base 36, each relative to <base>: `id` (ticked, time
     unknown), `id.<t>` (ticked at base + t), `id.-<t>` (unticked), `id.-`
     (unticked, time unknown). Only letters, digits and - . , so chat apps
     keep it whole. Only `known` ids (an object), when given. */
  function toLink(s, known) {
    var ids = Object.keys(s.ticks).filter(function (id) { return !known || own(known, id); });
    var secs = ids.map(function (id) { return Math.floor(s.ticks[id][1] / 1000); });
    var base = Math.min.apply(null, secs.filter(Boolean).concat([Infinity]));
    if (base === Infinity) base = 0;
    return "2." + base.toString(36) + ids.map(function (id, i) {
      var r = s.ticks[id], t = secs[i] ? (secs[i] - base).toString(36) : "";
      return "," + id + (r[0] === 1 ? (t ? "." + t : "") : ".-" + t);
    }).join("");
  }

  /* The records a share link's payload holds, or null when it is not one.
     Links of one checklist from earlier versions ("a,b,c") give ticks whose
     time is unknown. */
  function fromLink(payload, old) {
    var ticks = {};
    if (old) {
      if (!/^[a-z0-9,-]*$/.test(payload)) return null;
      payload.split(",").forEach(function (id) { if (id) ticks[id] = [1, 0]; });
      return ticks;
    }
    var parts = payload.split(","), head = /^2\.([a-z0-9]+)$/.exec(parts[0]);
    if (!head) return null;
    var base = parseInt(head[1], 36), ok = true;
    parts.slice(1).forEach(function (e) {
      var m = /^([a-z0-9-]+)(?:\.(-?)([a-z0-9]*))?$/.exec(e);
      if (!m) { ok = false; return; }
      var on = m[2] !== "-", t = m[3] ? (base + parseInt(m[3], 36)) * 1000 : 0;
      if (m[0].indexOf(".") >= 0 && on && !m[3]) { ok = false; return; }
      if (!isTime(t)) { ok = false; return; }
      ticks[m[1]] = [on ? 1 : 0, t];
    });
    return ok ? ticks : null;
  }

  /* Calls `fn` when another tab saves this guide's ticks. */
  function watch(s, fn) {
    window.addEventListener("storage", function (e) {
      if (e.key === s.key || e.key === null) { if (s.mode !== "off") read(s); fn(); }
    });
  }

  /* Asks in the page's dialog (#ask); `yes` runs only on agreement.
     `body`: strings (paragraphs) and arrays of strings (lists). */
  function ask(title, body, ok, yes) {
    var d = document, dlg = d.getElementById("ask"), box = d.getElementById("ask-body");
    var flat = function () { return [title].concat(body.map(function (p) { return p.map ? p.join("\n") : p; })).join("\n\n"); };
    if (!dlg || !dlg.showModal) return window.confirm(flat()) && yes();
    d.getElementById("ask-title").textContent = title;
    d.getElementById("ask-ok").textContent = ok;
    box.textContent = "";
    body.forEach(function (p) {
      var el = box.appendChild(d.createElement(p.map ? "ul" : "p"));
      if (p.map) p.forEach(function (t) { el.appendChild(d.createElement("li")).textContent = t; });
      else el.textContent = p;
    });
    d.getElementById("ask-ok").onclick = yes;
    if (!dlg.open) dlg.showModal();
  }

  return {
    ask: ask, open: open, read: read, done: done, set: set, merge: merge, apply: apply, summary: summary,
    toFile: toFile, fromFile: fromFile, toLink: toLink, fromLink: fromLink, watch: watch
  };
})();
