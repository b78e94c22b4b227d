/* Read-only checklist progress for step pages and home cards: "k of N done"
   from the ticks the checklist page saved. Never throws; shows nothing when
   storage is unavailable, empty or unreadable. */
(function () {
  function show() {
    var store;
    try { store = window.localStorage; } catch (e) { return; }
    [].forEach.call(document.querySelectorAll("[data-progress-key]"), function (el) {
      var text = "";
      try {
        var raw = store.getItem(el.getAttribute("data-progress-key")), o = raw && JSON.parse(raw);
        if (o && o.v === 1 && Array.isArray(o.done)) {
          var ids = el.getAttribute("data-ids").split(" "), k = 0;
          ids.forEach(function (id) { if (id && o.done.indexOf(id) >= 0) k++; });
          text = k + " of " + (+el.getAttribute("data-total") || ids.length) + " done";
        }
      } catch (e) { /* unreadable: show nothing */ }
      el.textContent = text;
    });
  }
  try {
    show();
    window.addEventListener("pageshow", show);
    window.addEventListener("storage", show);
  } catch (e) { /* progress is optional */ }
})();
