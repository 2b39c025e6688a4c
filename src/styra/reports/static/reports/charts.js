// Draws every .vega-chart from its Vega-Lite spec with the Swedish number locale.
(function () {
  function draw() {
    if (typeof vegaEmbed === "undefined") { return; }
    var localeEl = document.getElementById("format-locale");
    var locale = localeEl ? JSON.parse(localeEl.textContent) : undefined;
    document.querySelectorAll(".vega-chart").forEach(function (el) {
      var spec = JSON.parse(el.getAttribute("data-spec"));
      vegaEmbed(el, spec, { actions: false, formatLocale: locale, renderer: "svg" });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
