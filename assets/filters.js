/* Filter controls.
   1. Native <select> filters: pass each change to Dash, which turns it into a new URL.
      Checkbox and radio buttons need nothing here: their clicks reach Dash directly.
   2. Keep keyboard focus: the filter panel is redrawn from the URL after each change, so
      the control that had focus is focused again once its replacement is in the page. */
(function () {
  "use strict";
  var PANEL = "filters";
  var lastId = null;

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el || !el.matches || !el.matches("select[data-filter]")) return;
    var dc = window.dash_clientside;
    if (!dc || typeof dc.set_props !== "function") return;
    dc.set_props("filter-event", {
      data: { name: el.getAttribute("data-filter"), value: el.value, at: Date.now() }
    });
  });

  document.addEventListener("focusin", function (event) {
    var panel = document.getElementById(PANEL);
    var el = event.target;
    lastId = panel && el && el.id && panel.contains(el) ? el.id : null;
  });

  function restore() {
    if (!lastId) return;
    var active = document.activeElement;
    if (active && active !== document.body) return;
    var el = document.getElementById(lastId);
    if (el && typeof el.focus === "function") el.focus({ preventScroll: true });
  }

  new MutationObserver(function () {
    if (document.getElementById(PANEL)) restore();
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
