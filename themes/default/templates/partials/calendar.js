/* The calendar page marks the current month: each section heading (h2) and
   checklist group whose name, before any colon, names months ("June",
   "July and August", "October to January", "Late February or early
   March") is marked "This month" when today's month is among them.
   English month names; without JavaScript nothing is marked. */
(function () {
  "use strict";
  var NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
  var WORD = new RegExp("\\b(" + NAMES.join("|") + ")\\b", "gi");
  /* The months (0-11) `text` names: "X to Y" (or "X–Y") is every month from X to Y. */
  function months(text) {
    var out = [], m, prev = null, last = 0;
    text = text.split(":")[0];
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var n = NAMES.indexOf(m[1].toLowerCase()), between = text.slice(last, m.index);
      if (prev !== null && /\bto\b|[–-]/.test(between)) for (var k = (prev + 1) % 12; k !== n; k = (k + 1) % 12) out.push(k);
      out.push(n);
      prev = n;
      last = m.index + m[0].length;
    }
    return out;
  }
  var now = new Date().getMonth();
  [].forEach.call(document.querySelectorAll(".content h2, .page-checklist legend"), function (h) {
    var text = [].map.call(h.childNodes, function (c) { return c.nodeType === 3 ? c.nodeValue : c.className === "anchor" || c.className === "group-count" ? "" : c.textContent; }).join("");
    if (months(text).indexOf(now) < 0) return;
    h.classList.add("this-month");
    var tag = document.createElement("span");
    tag.className = "this-month-label";
    tag.textContent = "This month";
    h.insertBefore(tag, h.firstChild);
  });
})();
