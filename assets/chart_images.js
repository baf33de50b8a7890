/* "Download PNG" / "Download SVG" under each chart (sufficiency/app/chart_images.py).

   One click handler for the whole page: a button names its chart's element id
   (data-graph), the format and the file name. The image is made by plotly.js itself
   (Plotly.downloadImage, from the app's own bundle), from the chart as drawn, at its size
   on the page; PNG at twice the pixels, for slides. */
(function () {
  "use strict";

  function plotOf(id) {
    var holder = document.getElementById(id);
    if (!holder) return null;
    if (holder.classList.contains("js-plotly-plot")) return holder;
    return holder.querySelector(".js-plotly-plot");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.app-chart-image") : null;
    if (!button || !window.Plotly) return;
    var gd = plotOf(button.getAttribute("data-graph"));
    if (!gd || !gd._fullLayout) return;
    var format = button.getAttribute("data-format") === "svg" ? "svg" : "png";
    window.Plotly.downloadImage(gd, {
      format: format,
      filename: button.getAttribute("data-filename") || "chart",
      width: gd._fullLayout.width,
      height: gd._fullLayout.height,
      scale: format === "png" ? 2 : 1
    });
  });
})();
