// Draws the dashboard's trends: every .vega-chart[data-spec-url] fetches its Vega-Lite
// spec (the report charts' own definition, styra.reports.stat_charts) and vega-embed
// draws it with the Swedish number locale. Under Styra's Content Security Policy: no
// injected <style> (`defaultStyle: false`, the tooltip's `disableDefaultStyle`; their
// styles are in report.css); the dashboard page allows 'unsafe-eval' for Vega's
// expressions (styra.web.dashboard.views.dashboard_page). Without JavaScript each trend
// is still there as a table ("Visa som tabell").
(function () {
  function locale() {
    var el = document.getElementById("format-locale");
    return el ? JSON.parse(el.textContent) : undefined;
  }
  function draw(root) {
    if (typeof vegaEmbed === "undefined") { return; }
    var formatLocale = locale();
    root.querySelectorAll(".vega-chart[data-spec-url]").forEach(function (el) {
      if (el.getAttribute("data-drawn")) { return; }
      el.setAttribute("data-drawn", "1");
      fetch(el.getAttribute("data-spec-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (body) {
          return vegaEmbed(el, body.spec, {
            actions: false, formatLocale: formatLocale, renderer: "svg",
            defaultStyle: false,
            tooltip: { disableDefaultStyle: true }
          }).then(function () {
            var figure = el.closest("figure");
            if (figure) { figure.classList.add("trend--drawn"); }
          });
        })
        .catch(function () { el.classList.add("vega-chart--failed"); });
    });
  }
  function start() { draw(document); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
