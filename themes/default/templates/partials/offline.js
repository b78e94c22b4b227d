/* Offline reading: registers the site's service worker (sw.js at the site's
   root, written by the build), which keeps every page for reading offline
   after one visit. Over http(s) only, and never under `stepwise serve`
   (whose own script, run before the page's load event, says so). When a
   newer build takes over, the page says so and offers a reload. */
(function () {
  var sw = navigator.serviceWorker, root = "{{ root }}";
  if (!sw || !/^https?:$/.test(location.protocol)) return;
  window.addEventListener("load", function () {
    if (window.__stepwiseServe) return;
    var had = !!sw.controller;
    sw.addEventListener("controllerchange", function () {
      if (had) updated();
      had = true;
    });
    sw.register(root + "sw.js").catch(function () { /* read online only */ });
  });
  function updated() {
    var d = document, box = d.createElement("p"), b = d.createElement("button");
    if (d.getElementById("stepwise-updated")) return;
    box.id = "stepwise-updated";
    box.setAttribute("role", "status");
    box.style.cssText = "position:fixed;left:50%;bottom:1rem;transform:translateX(-50%);z-index:20;margin:0;width:max-content;max-width:calc(100vw - 2rem);display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:center;padding:.5rem .6rem .5rem 1rem;border-radius:8px;font-size:1rem;line-height:1.4;color:var(--bg,#fff);background:var(--fg,#1d2433);box-shadow:0 8px 24px rgba(0,0,0,.3)";
    box.appendChild(d.createTextNode("This guide was updated - "));
    b.type = "button";
    b.textContent = "reload";
    b.style.cssText = "font:inherit;font-weight:600;min-height:2.75rem;min-width:2.75rem;padding:.3rem .9rem;border-radius:6px;border:2px solid currentColor;color:inherit;background:transparent;cursor:pointer";
    b.onclick = function () { location.reload(); };
    box.appendChild(b);
    d.body.appendChild(box);
  }
})();
