/* Checklist page: ticks kept in localStorage as {"v":1,"done":[ids]}, progress,
   reset, export/import, share link, print. No network; storage trouble never throws. */
(function () {
  "use strict";
  var d = document, $ = function (id) { return d.getElementById(id); };
  var ds = $("main").dataset, key = ds.key, step = ds.step, here = location.href.split("#")[0];
  var boxes = [].slice.call(d.querySelectorAll("#list input[type=checkbox]"));
  var N = boxes.length, known = Object.create(null), extra = [], store, mode = "off";
  /* A step's checklist is named by its number, any other page's by "page-<slug>". */
  var isStep = /^\d+$/.test(step), what = function (s) { s = String(s); return /^\d+$/.test(s) ? "step " + s : s; };
  boxes.forEach(function (b) { known[b.value] = b; });
  var OFF = "This browser does not let the page store data: your ticks will be lost when you leave. Export them to keep a copy.";
  var BAD = "Your saved ticks could not be read, so new ticks are not saved. Reset or Import replaces the damaged data.";

  function note(t) { $("storage").textContent = t; $("storage").hidden = !t; }
  function say(t, bad) { $("msg").textContent = t; $("msg").className = bad ? "bad" : ""; }
  function ids() { return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }); }
  function done(k) { return k + " of " + N + " done"; }

  function load() {
    try {
      var raw = store.getItem(key), o = raw === null ? { v: 1, done: [] } : JSON.parse(raw);
      if (!o || o.v !== 1 || !Array.isArray(o.done)) throw new SyntaxError();
      mode = "ok";
      note("");
      extra = o.done.filter(function (x) { return typeof x === "string" && !known[x]; });
      show(o.done);
    } catch (e) {
      mode = e instanceof SyntaxError ? "bad" : "off";
      note(mode === "bad" ? BAD : OFF);
    }
  }
  function save() {
    if (mode !== "ok") return;
    try { store.setItem(key, JSON.stringify({ v: 1, done: ids().concat(extra) })); } catch (e) { mode = "off"; note(OFF); }
  }
  function show(list) {
    boxes.forEach(function (b) { b.checked = list.indexOf(b.value) >= 0; });
    update();
  }
  // Reset, import and share links replace every tick, and so may overwrite damaged data.
  function replace(list) {
    extra = [];
    if (mode === "bad") { mode = "ok"; note(""); }
    show(list);
    save();
  }
  function update() {
    [].forEach.call(d.querySelectorAll("#list fieldset"), function (f) {
      f.querySelector(".group-count").textContent = "(" + f.querySelectorAll(":checked").length + " of " + f.querySelectorAll("input").length + ")";
    });
    $("bar").value = ids().length;
    $("count").textContent = done(ids().length);
  }

  // Asks in a modal dialog; yes() runs only on agreement. body: strings, and arrays for lists.
  function ask(title, body, ok, yes) {
    var dlg = $("ask"), box = $("ask-body");
    if (!dlg.showModal) return window.confirm([title].concat(body).join("\n\n")) && yes();
    $("ask-title").textContent = title;
    $("ask-ok").textContent = ok;
    box.textContent = "";
    body.forEach(function (p) {
      var el = box.appendChild(d.createElement(p.map ? "ul" : "p"));
      if (p.map) p.forEach(function (t) { el.appendChild(d.createElement("li")).textContent = t; });
      else el.textContent = p;
    });
    $("ask-ok").onclick = yes;
    if (!dlg.open) dlg.showModal();
  }

  function fromHash() {
    var h = location.hash, m = null;
    if (h.indexOf("#done=") !== 0) return;
    try { history.replaceState(null, "", here); } catch (e) { /* the hash stays */ }
    try { m = /^#done=([a-z0-9,-]*)$/.exec(decodeURIComponent(h)); } catch (e) { /* not readable */ }
    if (!m) return say("The link you opened has ticks this page cannot read: nothing was changed.", 1);
    var want = "," + m[1] + ",", now = ids(), list = boxes.map(function (b) { return b.value; }).filter(function (x) { return want.indexOf("," + x + ",") >= 0; });
    if (list.join() === now.join()) return say("The link you opened matches your ticks.");
    ask("Use the ticks from this link?", [
      "The link marks " + done(list.length) + (list.length ? ":" : "."),
      list.map(function (x) { return known[x].labels[0].textContent; }),
      "You have " + now.length + " done now. Replace your ticks with the link's?"
    ], "Replace my ticks", function () {
      replace(list);
      say("Ticks replaced from the link: " + done(list.length) + ".");
    });
  }

  function importText(t, name) {
    var o, no = function (why) { say("Not imported: " + name + " " + why + " Nothing was changed.", 1); };
    try { o = JSON.parse(t); } catch (e) { return no("is not valid JSON."); }
    if (!o || o.version !== 1 || !Array.isArray(o.done) || typeof o.site !== "string") return no("is not a checklist export.");
    if (o.site !== ds.site || o.guide !== ds.guide) return no("is from another guide (" + o.site + " / " + o.guide + ").");
    if (String(o.step) !== step) return no("is for " + what(o.step) + ", not " + what(step) + ".");
    var list = o.done.filter(function (x) { return known[x]; });
    replace(list);
    say("Imported " + name + ": " + done(list.length) + ".");
  }

  $("list").onchange = function () { save(); update(); };
  $("list").onsubmit = function (e) { e.preventDefault(); };
  $("reset").onclick = function () {
    ask("Reset this checklist?", ["This clears every tick of this " + (isStep ? "step" : "checklist") + " (" + done(ids().length) + " now). Export first to keep a copy."], "Reset", function () {
      replace([]);
      say("All ticks cleared.");
    });
  };
  $("export").onclick = function () {
    var data = { site: ds.site, guide: ds.guide, step: isStep ? +step : step, version: 1, exported: new Date().toISOString(), done: ids() };
    var a = d.createElement("a"), url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
    a.href = url;
    a.download = "checklist-" + ds.site + "-" + ds.guide + (isStep ? "-step-" : "-") + step + ".json";
    d.body.appendChild(a).click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
    say("Exported " + done(data.done.length) + " as " + a.download + ".");
  };
  $("import").onclick = function () { $("file").click(); };
  $("file").onchange = function () {
    var input = this, f = input.files[0], r = new FileReader();
    if (!f) return;
    r.onload = r.onerror = function () {
      input.value = "";
      if (r.error || f.size > 1e6) say("Not imported: " + f.name + (r.error ? " could not be read." : " is too large.") + " Nothing was changed.", 1);
      else importText(String(r.result), f.name);
    };
    r.readAsText(f.slice(0, 1e6 + 1));
  };
  $("share").onclick = function () {
    var url = here + "#done=" + ids().join(","), field = $("share-url"), hint = " Opening it shows these ticks and asks before changing any.";
    field.value = url;
    $("share-box").hidden = false;
    field.focus();
    field.select();
    var manual = function () { say("Copy the link above." + hint); };
    try { navigator.clipboard.writeText(url).then(function () { say("Link copied." + hint); }, manual); } catch (e) { manual(); }
  };
  $("print").onclick = function () { window.print(); };

  // From disk, a link to a folder shows a file listing: point it at the folder's index.html.
  if (location.protocol === "file:") [].forEach.call(d.querySelectorAll("a[href]"), function (a) {
    a.href = a.href.replace(/\/(#|$)/, "/index.html$1");
  });
  $("nojs").hidden = true;
  $("tools").hidden = false;
  if (!$("address").textContent) $("address").textContent = here;
  try { store = window.localStorage; } catch (e) { /* load() reports it */ }
  load();
  update();
  fromHash();
  window.addEventListener("hashchange", fromHash);
  window.addEventListener("storage", function (e) { if (e.key === key && mode !== "off") load(); });
})();
