/* Filter controls.
   1. Native <select> filters: pass each change to Dash, which turns it into a new URL.
      Checkbox and radio buttons need nothing here: their clicks reach Dash directly.
   2. Keep keyboard focus: the filter panel (and any group marked data-keep-focus) is redrawn
      from the URL after each change, so the control that had focus is focused again once its
      replacement is in the page. */
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
    var kept = el && el.closest && el.closest("[data-keep-focus]");
    lastId = el && el.id && ((panel && panel.contains(el)) || kept) ? el.id : null;
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

/* Links in the tables (an LA's name opens its profile): followed inside the page, as
   dcc.Link does, so the view changes without reloading the app (assets/view_change.js then
   moves to the new view's heading). Enter is caught before the
   table's own keyboard handling, which would otherwise swallow it. */
(function () {
  "use strict";
  var LINK = ".app-table a[href^='/?']";

  function follow(link) {
    window.history.pushState({}, "", link.getAttribute("href"));
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  }

  function target(event) {
    return event.target && event.target.closest ? event.target.closest(LINK) : null;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = target(event);
    if (!link) return;
    event.preventDefault();
    follow(link);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = target(event);
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    follow(link);
  }, true);
})();
