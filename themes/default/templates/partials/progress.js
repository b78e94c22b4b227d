/* Checklist progress outside the checklist pages, read-only, from the ticks
   each checklist page saved under its key ({"v":1,"done":[ids]}):
   - a `.progress-note` (step pages, cards): "k of N done", or nothing for a
     checklist never opened;
   - the overview's steps (`.step-item`): "k of N done" (0 for one never
     opened) and a state for styling; the whole guide's count and bar.
   When storage cannot be read the page keeps what it shows without
   JavaScript. Never throws. */
(function () {
  /* Ticks of `el`'s checklist: a count, null when none are saved, or
     undefined when they cannot be read. */
  function ticks(store, el) {
    try {
      var raw = store.getItem(el.getAttribute("data-progress-key"));
      if (raw === null) return null;
      var o = JSON.parse(raw), k = 0;
      if (!o || o.v !== 1 || !Array.isArray(o.done)) return undefined;
      el.getAttribute("data-ids").split(" ").forEach(function (id) { if (id && o.done.indexOf(id) >= 0) k++; });
      return k;
    } catch (e) { return undefined; }
  }
  function total(el) { return +el.getAttribute("data-total") || 0; }
  function show() {
    var store, d = document;
    try { store = window.localStorage; if (!store) return; } catch (e) { return; }
    [].forEach.call(d.querySelectorAll(".progress-note[data-progress-key]"), function (el) {
      var k = ticks(store, el);
      el.textContent = typeof k === "number" ? k + " of " + total(el) + " done" : "";
    });
    var sum = 0, known = false;
    [].forEach.call(d.querySelectorAll(".step-item[data-progress-key]"), function (el) {
      var k = ticks(store, el), n = total(el), out = el.querySelector(".step-progress") || el;
      if (!out.hasAttribute("data-nojs")) out.setAttribute("data-nojs", out.textContent);
      if (k === undefined) {
        el.removeAttribute("data-state");
        out.textContent = out.getAttribute("data-nojs");
        return;
      }
      k = k || 0;
      sum += k;
      known = true;
      el.setAttribute("data-state", k === 0 ? "todo" : k >= n ? "done" : "started");
      out.textContent = k + " of " + n + " done";
    });
    var guide = d.querySelector("[data-guide-progress]");
    if (guide && known) {
      var n = total(guide), bar = guide.querySelector("progress"), text = guide.querySelector(".guide-progress-text");
      text.textContent = "Your progress: " + sum + " of " + n + " action" + (n === 1 ? "" : "s") + " done";
      if (bar) { bar.value = sum; bar.hidden = false; }
    }
  }
  try {
    show();
    window.addEventListener("pageshow", show);
    window.addEventListener("storage", show);
  } catch (e) { /* progress is optional */ }
})();
