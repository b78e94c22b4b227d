/* The whole guide's ticks on any device (#plan, on the home page and each
   checklist page): share them as one link (the system's share sheet where
   the browser has one), export them to one file, import a file. Opening a
   shared link or importing a file merges it with the ticks here (each
   item's later change wins), after a dialog that says what changes. The
   page's other scripts hear of a merge by a "stepwise:ticks" event. */
(function () {
  "use strict";
  var T = window.stepwiseTicks, d = document, plan = d.getElementById("plan");
  if (!T || !plan) return;
  var $ = function (id) { return d.getElementById(id); };
  var s = T.open(plan.getAttribute("data-site"), plan.getAttribute("data-guide"));
  var known = {}, here = location.href.split("#")[0];
  (plan.getAttribute("data-ids") || "").split(" ").forEach(function (id) { if (id) known[id] = true; });
  var n = Object.keys(known).length;

  function say(t, bad) { $("plan-msg").textContent = t; $("plan-msg").className = bad ? "bad" : ""; }
  function ticked() { return Object.keys(known).filter(function (id) { return T.done(s, id); }).length; }
  function saved() { return s.mode === "ok" ? "" : " They are kept for this visit only: this browser does not let the page store them."; }
  /* The text of item `id` where this page shows it. */
  function label(id) {
    var box = d.querySelector("input[name=done][value=\"" + id + "\"]"), l = box && box.labels && box.labels[0];
    return l ? l.textContent.trim() : null;
  }

  /* Offers to merge `theirs` (records by id) from `what` ("the link you
     opened", a file name); `verb` opens the message once merged. */
  function offer(theirs, what, verb) {
    if (s.mode !== "off") T.read(s);
    var m = T.merge(s.ticks, theirs, known), sum = T.summary(m);
    if (!m.added.length && !m.removed.length) return say("Nothing to merge: " + what + " has no change newer than your ticks.");
    var listed = [], others = 0;
    m.added.concat(m.removed).forEach(function (id) {
      var t = label(id);
      if (t === null) others++;
      else listed.push((m.added.indexOf(id) >= 0 ? "Ticked: " : "Unticked: ") + t);
    });
    var body = ["Merging " + what + " with the ticks in this browser: " + sum + "."];
    if (listed.length) body.push(listed);
    if (listed.length && others) body.push("And " + others + " on the guide's other checklists.");
    body.push("Where an item changed in both places, the later change wins; every other tick stays as it is." + (s.mode === "bad" ? " Your damaged saved ticks are replaced." : ""));
    T.ask("Merge these ticks?", body, "Merge", function () {
      T.apply(s, theirs);
      d.dispatchEvent(new Event("stepwise:ticks"));
      say(verb + ": " + sum + ". " + ticked() + " of " + n + " done in this guide." + saved());
    });
  }

  function fromHash() {
    var h = location.hash, m = /^#(ticks|done)=(.*)$/.exec(h), theirs = null;
    if (!m) return;
    try { history.replaceState(null, "", here); } catch (e) { /* the hash stays */ }
    try { theirs = T.fromLink(decodeURIComponent(m[2]), m[1] === "done"); } catch (e) { /* not readable */ }
    if (!theirs) return say("The link you opened has ticks this page cannot read: nothing was changed.", 1);
    offer(theirs, "the link you opened", "Ticks merged from the link");
  }

  $("plan-export").onclick = function () {
    var name = "progress-" + s.site + "-" + s.guide + ".json", a = d.createElement("a");
    var url = URL.createObjectURL(new Blob([T.toFile(s)], { type: "application/json" }));
    a.href = url;
    a.download = name;
    d.body.appendChild(a).click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
    say("Exported your ticks in this guide (" + ticked() + " of " + n + " done) as " + name + ".");
  };
  $("plan-import").onclick = function () { $("plan-file").click(); };
  $("plan-file").onchange = function () {
    var input = this, f = input.files[0], r = new FileReader();
    if (!f) return;
    r.onload = r.onerror = function () {
      input.value = "";
      if (r.error || f.size > 1e6) return say("Not imported: " + f.name + (r.error ? " could not be read." : " is too large.") + " Nothing was changed.", 1);
      var got = T.fromFile(s, String(r.result));
      if (got.error) return say("Not imported: " + f.name + " " + got.error + " Nothing was changed.", 1);
      offer(got.ticks, f.name, "Imported " + f.name);
    };
    r.readAsText(f.slice(0, 1e6 + 1));
  };
  $("plan-share").onclick = function () {
    var url = here + "#ticks=" + T.toLink(s, known), field = $("plan-link");
    var hint = " Opening it on another device merges these ticks there, after saying what will change.";
    field.value = url;
    $("plan-link-box").hidden = false;
    var manual = function () { field.focus(); field.select(); say("Copy the link above." + hint); };
    if (navigator.share) {
      navigator.share({ title: d.title, url: url }).then(function () { say("Link shared." + hint); }, manual);
      return;
    }
    manual();
    try { navigator.clipboard.writeText(url).then(function () { say("Link copied." + hint); }, function () {}); } catch (e) { /* copy by hand */ }
  };

  plan.hidden = false;
  fromHash();
  window.addEventListener("hashchange", fromHash);
})();
