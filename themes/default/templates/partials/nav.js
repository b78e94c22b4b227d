/* The header's "More" menu (a <details>, so it works without JavaScript)
   closes like a menu: on Escape, back on its button, and on a click elsewhere. */
(function () {
  var more = document.querySelector(".nav-more");
  if (!more) return;
  document.addEventListener("click", function (e) { if (more.open && !more.contains(e.target)) more.open = false; });
  more.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && more.open) { more.open = false; more.querySelector("summary").focus(); }
  });
})();
