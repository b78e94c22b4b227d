/* The header's "More" menu and the phone bar's menu (each a <details>, so
   they work without JavaScript) close like menus: on Escape, back on their
   button, and on a click elsewhere. */
(function () {
  [].forEach.call(document.querySelectorAll(".nav-more, .nav-menu"), function (menu) {
    document.addEventListener("click", function (e) { if (menu.open && !menu.contains(e.target)) menu.open = false; });
    menu.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });
})();
