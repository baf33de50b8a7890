/* Native <select> filters: pass each change to Dash, which turns it into a new URL.
   Checkbox and radio buttons need nothing here: their clicks reach Dash directly. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el || !el.matches || !el.matches("select[data-filter]")) return;
    var dc = window.dash_clientside;
    if (!dc || typeof dc.set_props !== "function") return;
    dc.set_props("filter-event", {
      data: { name: el.getAttribute("data-filter"), value: el.value, at: Date.now() }
    });
  });
})();
