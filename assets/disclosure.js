/* Disclosure buttons (data-app-toggle): the navigation's "Menu" and the "Filters" button
   on narrow screens. A press flips aria-expanded; the stylesheet shows what the button
   controls (aria-controls) only when it is expanded, and only below the tablet breakpoint,
   so wider screens always show the navigation and the filters. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button[data-app-toggle]") : null;
    if (!button) return;
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
  });
})();
