/* Ticking. Every checklist block of the page ([data-checklist]: the
   checklist page's list, the end of a page with a checklist) shows and
   saves the guide's ticks (ticks.js), with its progress and each group's
   count, and follows ticks made in another tab or merged by plan.js
   (each change is told to the page's scripts by a "stepwise:ticks" event). The
   checklist page's Reset and Print. Without JavaScript the boxes still
   tick for the visit and print. */
(function () {
  "use strict";
  var T = window.stepwiseTicks, d = document;
  var blocks = [].slice.call(d.querySelectorAll("[data-checklist]"));
  if (!T || !blocks.length) return;
  var s = T.open(blocks[0].getAttribute("data-site"), blocks[0].getAttribute("data-guide"));
  var OFF = "This browser does not let the page store data: your ticks will be lost when you leave. Export them to keep a copy.";
  var BAD = "Your saved ticks could not be read, so new ticks are not saved. Import a copy or Reset to replace the damaged data.";
  var q = function (b, sel) { return b.querySelector(sel); };
  var boxes = function (b) { return [].slice.call(b.querySelectorAll("input[type=checkbox][name=done]")); };
  var done = function (k, n) { return k + " of " + n + " done"; };

  function show() {
    blocks.forEach(function (b) {
      var all = boxes(b), k = 0, note = q(b, ".checklist-storage"), bar = q(b, ".checklist-bar"), count = q(b, ".checklist-count");
      all.forEach(function (x) { x.checked = T.done(s, x.value); if (x.checked) k++; });
      [].forEach.call(b.querySelectorAll("fieldset"), function (f) {
        var c = f.querySelector(".group-count");
        if (c) c.textContent = "(" + f.querySelectorAll("input:checked").length + " of " + f.querySelectorAll("input[type=checkbox]").length + ")";
      });
      if (bar) bar.value = k;
      if (count) count.textContent = done(k, all.length);
      if (note) { note.textContent = s.mode === "ok" ? "" : s.mode === "bad" ? BAD : OFF; note.hidden = s.mode === "ok"; }
    });
  }
  function say(b, t) { var m = q(b, ".checklist-msg"); if (m) m.textContent = t; }

  blocks.forEach(function (b) {
    var form = q(b, "form"), reset = q(b, ".checklist-reset"), print = q(b, ".checklist-print");
    form.addEventListener("change", function (e) {
      if (e.target.name !== "done") return;
      T.set(s, [e.target.value], e.target.checked);
      d.dispatchEvent(new Event("stepwise:ticks"));
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    if (reset) reset.onclick = function () {
      var ids = boxes(b).map(function (x) { return x.value; }), k = ids.filter(function (id) { return T.done(s, id); }).length;
      T.ask("Reset this checklist?", [
        "This clears every tick of this checklist (" + done(k, ids.length) + " now). Your ticks on the guide's other checklists stay." +
        (s.mode === "bad" ? " Your damaged saved ticks are replaced." : "")
      ], "Reset", function () {
        if (s.mode === "bad") T.apply(s, {});
        T.set(s, ids, false);
        d.dispatchEvent(new Event("stepwise:ticks"));
        say(b, "All ticks of this checklist cleared.");
      });
    };
    if (print) print.onclick = function () { window.print(); };
    [].forEach.call(b.querySelectorAll(".checklist-nojs"), function (n) { n.hidden = true; });
    [].forEach.call(b.querySelectorAll(".checklist-tools"), function (n) { n.hidden = false; });
  });
  var address = d.getElementById("address");
  if (address && !address.textContent) address.textContent = location.href.split("#")[0];
  show();
  T.watch(s, show);
  d.addEventListener("stepwise:ticks", show);
  window.addEventListener("pageshow", function (e) { if (e.persisted) { T.read(s); show(); } });
})();
