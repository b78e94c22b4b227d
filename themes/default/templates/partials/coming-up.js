/* "Coming up" on the guide's home page (#coming-up): from today's date in
   the reader's time zone and the reader's ticks (ticks.js), the items not
   yet ticked that are overdue, and those due in the next 30 days, each
   linking to its place. Every dated item of the guide is in the page,
   hidden (`.coming-up-all li`, with `data-id` and `data-last`, the last day
   it is due: a month's last day for a month); this sorts them into the two
   lists. Without JavaScript the section links to the calendar instead.
   Follows ticks made in other tabs and merges. */
(function () {
  "use strict";
  var T = window.stepwiseTicks, d = document, box = d.getElementById("coming-up");
  if (!T || !box) return;
  var s = T.open(box.getAttribute("data-site"), box.getAttribute("data-guide"));
  var all = [].slice.call(box.querySelectorAll(".coming-up-all li[data-last]"));
  var q = function (c) { return box.querySelector(c); };
  function iso(t) {
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    return t.getFullYear() + "-" + p(t.getMonth() + 1) + "-" + p(t.getDate());
  }
  function show() {
    var now = new Date(), today = iso(now), until = iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 30));
    var late = [], soon = [];
    all.forEach(function (li) {
      var last = li.getAttribute("data-last");
      if (T.done(s, li.getAttribute("data-id"))) return;
      if (last < today) late.push(li);
      else if (last <= until) soon.push(li);
    });
    [["overdue", late], ["soon", soon]].forEach(function (x) {
      var list = q(".coming-up-" + x[0]);
      list.textContent = "";
      x[1].forEach(function (li) { list.appendChild(li.cloneNode(true)); });
      list.hidden = q(".coming-up-" + x[0] + "-title").hidden = !x[1].length;
    });
    q(".coming-up-none").hidden = late.length + soon.length > 0;
  }
  q(".coming-up-nojs").hidden = true;
  q(".coming-up-js").hidden = false;
  show();
  T.watch(s, show);
  d.addEventListener("stepwise:ticks", show);
  window.addEventListener("pageshow", function (e) { if (e.persisted) { T.read(s); show(); } });
})();
