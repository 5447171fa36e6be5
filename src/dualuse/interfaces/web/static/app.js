// dualuse web app: the only script of our own. Print buttons, and focus on a form error.
(function () {
  "use strict";
  function bind(root) {
    root.querySelectorAll("[data-print]").forEach(function (button) {
      if (button.dataset.bound) { return; }
      button.dataset.bound = "1";
      button.addEventListener("click", function () { window.print(); });
    });
    var error = root.querySelector("#form-error");
    if (error) { error.focus({ preventScroll: false }); }
  }
  document.addEventListener("DOMContentLoaded", function () { bind(document); });
  document.addEventListener("htmx:afterSettle", function () { bind(document); });
}());
