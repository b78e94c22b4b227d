/* stepwise default theme: what helps while reading a page. Each part is
   optional: without JavaScript the page works as written (terms link to the
   glossary, the contents are a plain list, the print button stays hidden).
   - Glossary terms become toggletips: a tap, a click, Enter or Space shows
     the definition in place, with a link to the glossary entry; Escape, a
     second tap or a tap elsewhere closes it; a screen reader hears it.
   - The contents mark the section being read (aria-current="location").
   - The print page's button prints.
   Loads nothing, stores nothing, never throws. */
(function () {
  "use strict";
  var d = document;

  /* Toggletips. Each term link becomes a button that opens a popover (top
     layer: never clipped by a scrolling table); where the browser has no
     popovers, terms stay links. The definition comes from the link's
     data-definition (or its title), the expansion from its <abbr>. */
  function terms() {
    var links = d.querySelectorAll("a.term[href]");
    if (!links.length || !("popover" in HTMLElement.prototype)) return;
    var main = d.getElementById("main") || d.body;
    var live = main.appendChild(d.createElement("span")), shown = null;
    // An open definition follows its term when the window changes size.
    window.addEventListener("resize", function () {
      if (shown) { place(shown[0], shown[1]); fit(shown[0], shown[1]); }
    });
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    [].forEach.call(links, function (a, n) {
      var abbr = a.querySelector("abbr[title]");
      var definition = a.getAttribute("data-definition") || a.getAttribute("title") || "";
      var expansion = abbr ? abbr.getAttribute("title") : "";
      var name = a.textContent;
      var button = d.createElement("button");
      var tip = d.createElement("span");
      button.type = "button";
      button.className = "term";
      button.setAttribute("aria-expanded", "false");
      while (a.firstChild) button.appendChild(a.firstChild);
      tip.id = "stepwise-term-" + (n + 1);
      tip.className = "toggletip";
      tip.setAttribute("popover", "");
      var head = tip.appendChild(d.createElement("strong"));
      head.textContent = name;
      var text = name;
      if (expansion) {
        tip.appendChild(d.createTextNode(" (" + expansion + ")"));
        text += " (" + expansion + ")";
      }
      if (definition && definition !== expansion) {
        tip.appendChild(d.createTextNode(": " + definition));
        text += ": " + definition;
      }
      tip.appendChild(d.createTextNode(" "));
      var more = tip.appendChild(d.createElement("a"));
      more.href = a.getAttribute("href");
      more.className = "toggletip-link";
      more.textContent = "In the glossary";
      a.parentNode.replaceChild(button, a);
      button.parentNode.insertBefore(tip, button.nextSibling);
      button.setAttribute("popovertarget", tip.id);
      tip.addEventListener("beforetoggle", function (e) {
        if (e.newState === "open") place(button, tip);
      });
      tip.addEventListener("toggle", function (e) {
        var open = e.newState === "open";
        button.setAttribute("aria-expanded", String(open));
        shown = open ? [button, tip] : shown && shown[1] === tip ? null : shown;
        if (open) fit(button, tip);
        // Emptied first, so the same definition twice is announced twice.
        live.textContent = "";
        if (open) setTimeout(function () { if (tip.matches(":popover-open")) live.textContent = text; }, 60);
      });
    });
  }
  /* Below the term, inside the window: its width is fixed by the style
     sheet, so it can be placed before it shows. */
  function place(button, tip) {
    var r = button.getClientRects()[0] || button.getBoundingClientRect();
    var w = Math.min(remWidth(), d.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(r.left, d.documentElement.clientWidth - w - 8));
    tip.style.left = Math.round(left + window.scrollX) + "px";
    tip.style.top = Math.round(r.bottom + window.scrollY + 6) + "px";
  }
  /* Above the term instead when it would end below the window and fits above. */
  function fit(button, tip) {
    var r = button.getBoundingClientRect(), t = tip.getBoundingClientRect();
    if (t.bottom > window.innerHeight && r.top - t.height - 6 >= 0) {
      tip.style.top = Math.round(r.top + window.scrollY - t.height - 6) + "px";
    }
  }
  function remWidth() {
    return 20 * (parseFloat(getComputedStyle(d.documentElement).fontSize) || 16);
  }

  /* The contents: the link of the section being read (the last heading
     above a line near the top of the window) gets aria-current. */
  function contents() {
    var toc = d.querySelector(".toc");
    if (!toc) return;
    var marks = [];
    [].forEach.call(toc.querySelectorAll('a[href^="#"]'), function (a) {
      var h = d.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
      if (h) marks.push({ a: a, h: h });
    });
    if (!marks.length) return;
    var now = null, queued = false;
    function update() {
      queued = false;
      var line = Math.min(window.innerHeight * 0.3, 200), pick = null;
      for (var i = 0; i < marks.length; i++) {
        if (marks[i].h.getBoundingClientRect().top <= line) pick = marks[i];
        else break;
      }
      // At the very end of the page the last section is the one in view.
      if (window.innerHeight + window.scrollY >= d.documentElement.scrollHeight - 2) pick = marks[marks.length - 1];
      if (pick === now) return;
      if (now) now.a.removeAttribute("aria-current");
      now = pick;
      if (now) now.a.setAttribute("aria-current", "location");
    }
    function later() {
      if (!queued) { queued = true; requestAnimationFrame(update); }
    }
    window.addEventListener("scroll", later, { passive: true });
    window.addEventListener("resize", later);
    update();
    // Folded or open with the layout: a column beside the text from 1100 px.
    var fold = toc.querySelector("details"), wide = window.matchMedia && matchMedia("(min-width: 1100px)");
    if (fold && wide && wide.addEventListener) wide.addEventListener("change", function () { fold.open = wide.matches; });
  }

  function print() {
    [].forEach.call(d.querySelectorAll("[data-print]"), function (b) {
      b.addEventListener("click", function () { window.print(); });
      if (b.parentNode.hidden) b.parentNode.hidden = false;
    });
  }

  [terms, contents, print].forEach(function (part) {
    try { part(); } catch (e) { /* each part is optional */ }
  });
})();
