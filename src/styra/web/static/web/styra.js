// When the server cannot be reached at all (network, restart), an HTMX save says so in
// the page's message area instead of failing silently. Server errors (500/503) arrive as
// a fragment for the same area (styra.web.errors).
(function () {
  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("serverfel");
    if (!box) { return; }
    var p = document.createElement("p");
    p.className = "message message--error";
    p.textContent = box.getAttribute("data-unreachable");
    box.replaceChildren(p);
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("serverfel");
    if (box) { box.replaceChildren(); }
  });
})();
