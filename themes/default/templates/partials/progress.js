/* Checklist progress where the page does not tick, read-only, from the
   guide's ticks (ticks.js; the guide named by the first [data-site]
   [data-guide] element). Each element's `data-ids` lists the items it
   counts:
   - a `.progress-note` (a step page's button, cards): "k of N done", or
     nothing before the reader's first tick in the guide;
   - the overview's steps (`.step-item`): "k of N done" and a state for
     styling;
   - the whole guide (`[data-guide-progress]`): its count and bar.
   When storage cannot be read the page keeps what it shows without
   JavaScript. Follows other tabs and merges. Never throws. */
(function () {
  var T = window.stepwiseTicks, d = document, at = d.querySelector("[data-site][data-guide]");
  if (!T || !at) return;
  var s;
  function count(el) {
    var k = 0;
    (el.getAttribute("data-ids") || "").split(" ").forEach(function (id) { if (id && T.done(s, id)) k++; });
    return k;
  }
  function total(el) { return +el.getAttribute("data-total") || 0; }
  function nojs(el) {
    if (!el.hasAttribute("data-nojs")) el.setAttribute("data-nojs", el.textContent);
    return el.getAttribute("data-nojs");
  }
  function show() {
    var ok = s.mode === "ok", started = ok && Object.keys(s.ticks).length > 0;
    [].forEach.call(d.querySelectorAll(".progress-note[data-ids]"), function (el) {
      el.textContent = started ? count(el) + " of " + total(el) + " done" : "";
    });
    [].forEach.call(d.querySelectorAll(".step-item[data-ids]"), function (el) {
      var out = el.querySelector(".step-progress") || el, k = count(el), n = total(el), text = nojs(out);
      if (!ok) { el.removeAttribute("data-state"); out.textContent = text; return; }
      el.setAttribute("data-state", k === 0 ? "todo" : k >= n ? "done" : "started");
      out.textContent = k + " of " + n + " done";
    });
    var guide = d.querySelector("[data-guide-progress][data-ids]");
    if (guide) {
      var text = guide.querySelector(".guide-progress-text"), bar = guide.querySelector("progress"), was = nojs(text), n = total(guide), k = count(guide);
      text.textContent = ok ? "Your progress: " + k + " of " + n + " action" + (n === 1 ? "" : "s") + " done" + (guide.getAttribute("data-what") || "") : was;
      if (bar) { bar.value = k; bar.hidden = !ok; }
    }
  }
  try {
    s = T.open(at.getAttribute("data-site"), at.getAttribute("data-guide"));
    show();
    T.watch(s, show);
    d.addEventListener("stepwise:ticks", show);
    window.addEventListener("pageshow", function (e) { if (e.persisted) { T.read(s); show(); } });
  } catch (e) { /* progress is optional */ }
})();
