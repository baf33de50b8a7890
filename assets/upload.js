/* The upload control (dcc.Upload).
   1. It renders its own hidden <input type="file">: give it the visible label's name and the
      hint, so screen readers announce what to upload and the limits.
   2. It drops a file over its size limit, or of a kind it does not accept, without a word:
      say so at once instead, in the panel's result (through the upload store, as the
      server's own refusals are shown), and send nothing. The limit, the kinds and the
      messages come from the data-upload-* attributes the page sets on #upload-control. */
(function () {
  "use strict";
  function label() {
    var input = document.querySelector("#upload-file input[type=file]");
    if (input && !input.hasAttribute("aria-labelledby")) {
      input.setAttribute("aria-labelledby", "upload-label");
      input.setAttribute("aria-describedby", "upload-hint");
    }
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });

  function shown(name) {  // as the server shows a value: safe for a spreadsheet, at most 40 characters
    var text = /^[=+\-@\t\r]/.test(name) ? "'" + name : name;
    return text.length <= 40 ? text : text.slice(0, 39) + "\u2026";
  }

  function refusal(control, file) {
    var limit = Number(control.getAttribute("data-upload-limit"));
    var kinds = (control.getAttribute("data-upload-accept") || "").split(",");
    var name = file.name || "";
    var lower = name.toLowerCase();
    if (!kinds.some(function (k) { return k && lower.endsWith(k.trim()); })) {
      return control.getAttribute("data-wrong-kind").replace("{name}", shown(name));
    }
    if (limit > 0 && file.size > limit) {
      return control.getAttribute("data-too-large").replace("{size}", (file.size / 1024 / 1024).toFixed(1));
    }
    return null;
  }

  function check(event) {
    var control = event.target && event.target.closest && event.target.closest("#upload-control");
    if (!control || !window.dash_clientside || !window.dash_clientside.set_props) {
      return;
    }
    var files = event.type === "drop" ? event.dataTransfer && event.dataTransfer.files : event.target.files;
    if (!files || !files.length) {
      return;
    }
    var message = refusal(control, files[0]);
    if (message) {
      window.dash_clientside.set_props(control.getAttribute("data-upload-store"), {
        data: { ok: false, filename: shown(files[0].name || ""), total: 1,
                issues: [{ line: null, column: null, value: null, message: message }] }
      });
    }
  }
  document.addEventListener("change", check, true);
  document.addEventListener("drop", check, true);
})();
