/* Changing view (a map click opening a profile, a link, the navigation, back and forward):
   once the new view is in the page, scroll to its top, move keyboard focus to its heading
   (made focusable with tabindex="-1") and announce the heading in the page's live region,
   so that keyboard and screen reader users start at the new content, not mid-page.

   The view is named by the data-view attribute of the holder of the content
   (sufficiency/app/sections render). A change of filters keeps the same view: focus stays
   where it was (assets/filters.js). The first view drawn after the page loads is not moved
   to, so the skip link stays the first Tab stop. */
(function () {
  "use strict";
  var CONTENT = "content";
  var LIVE = "view-announcer";
  var shown = null;

  function holder() {
    var content = document.getElementById(CONTENT);
    return content ? content.querySelector("[data-view]") : null;
  }

  function arrive(view) {
    var heading = view.querySelector("h1");
    if (!heading) return;
    heading.setAttribute("tabindex", "-1");
    var top = heading.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, top < window.innerHeight / 2 ? 0 : Math.max(0, top - 10));
    heading.focus({ preventScroll: true });
    var live = document.getElementById(LIVE);
    if (live) live.textContent = heading.textContent.trim();
  }

  function check() {
    var view = holder();
    if (!view) return;
    var key = view.getAttribute("data-view");
    if (key === shown) return;
    var first = shown === null;
    shown = key;
    if (!first) arrive(view);
  }

  new MutationObserver(check).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["data-view"]
  });
})();
