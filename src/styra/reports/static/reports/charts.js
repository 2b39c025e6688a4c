// Draws every .vega-chart from its Vega-Lite spec with the Swedish number locale.
// Under Styra's Content Security Policy: no injected <style> (`defaultStyle: false`, the
// tooltip's `disableDefaultStyle`; their styles are in report.css). Vega compiles its
// expressions with `new Function`, so the preview page alone allows 'unsafe-eval'
// (styra.reports.views.report_preview).
(function () {
  function draw() {
    if (typeof vegaEmbed === "undefined") { return; }
    var localeEl = document.getElementById("format-locale");
    var locale = localeEl ? JSON.parse(localeEl.textContent) : undefined;
    document.querySelectorAll(".vega-chart").forEach(function (el) {
      var spec = JSON.parse(el.getAttribute("data-spec"));
      vegaEmbed(el, spec, {
        actions: false, formatLocale: locale, renderer: "svg",
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
