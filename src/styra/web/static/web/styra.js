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

// Unsaved text: a form marked data-unsaved="<its title>" becomes dirty when typed in; the
// browser asks before leaving the page while any is dirty, and a form marked
// data-confirm-unsaved (submitting the report) names the unsaved texts and asks first.
// A form that is saved (submitted, or swapped by HTMX) is no longer dirty.
(function () {
  var leaving = false;
  function dirtyForms() {
    return Array.prototype.slice.call(document.querySelectorAll("form[data-unsaved][data-dirty]"));
  }
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form[data-unsaved]");
    if (form) { form.setAttribute("data-dirty", "1"); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-confirm-unsaved")) {
      var dirty = dirtyForms();
      if (dirty.length) {
        var names = dirty.map(function (f) { return "– " + f.getAttribute("data-unsaved"); });
        var question = form.getAttribute("data-confirm-unsaved") + "\n\n" + names.join("\n");
        if (!window.confirm(question)) { event.preventDefault(); return; }
      }
      leaving = true;
      return;
    }
    if (form.hasAttribute("data-unsaved")) {
      form.removeAttribute("data-dirty");
      if (!form.hasAttribute("hx-post")) { leaving = dirtyForms().length === 0; }
    }
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.hasAttribute && form.hasAttribute("data-unsaved")) { form.removeAttribute("data-dirty"); }
  });
  window.addEventListener("beforeunload", function (event) {
    if (leaving || dirtyForms().length === 0) { return; }
    event.preventDefault();
    event.returnValue = "";
  });
})();

// Content swapped in on the user's request (a drafted text) takes the focus, so that a
// screen reader reads it and the keyboard continues from it.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  var swapped = target && target.isConnected ? target : null;
  var focus = (swapped && swapped.matches("[data-focus-after-swap]") ? swapped : null) ||
    document.querySelector("[data-focus-after-swap]:not([data-focused])");
  if (focus) { focus.setAttribute("data-focused", "1"); focus.focus(); }
});
