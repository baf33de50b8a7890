/* The upload control (dcc.Upload) renders its own hidden <input type="file">: give it the
   visible label's name, so screen readers announce what to upload. */
(function () {
  "use strict";
  function label() {
    var input = document.querySelector("#upload-file input[type=file]");
    if (input && !input.hasAttribute("aria-labelledby")) {
      input.setAttribute("aria-labelledby", "upload-label");
    }
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
})();
