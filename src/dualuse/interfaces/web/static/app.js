// dualuse web app: the only script of our own. Print buttons, focus on a form error, and
// language buttons that keep the form.
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
  // A language button, or a download button, posts the page's form as a whole page (not an
  // htmx swap): the chrome changes language too, or the browser saves the file; the form and its
  // result are kept.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-native]") : null;
    if (!button || !button.form) { return; }
    event.preventDefault();
    var form = button.form;
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = button.name;
    field.value = button.value;
    form.appendChild(field);
    HTMLFormElement.prototype.submit.call(form);
    window.setTimeout(function () { field.remove(); }, 0);
  }, true);
  // A final action (approve, deny, withdraw) is posted only once the user confirms it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-confirm]") : null;
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("DOMContentLoaded", function () { bind(document); });
  document.addEventListener("htmx:afterSettle", function () { bind(document); });
}());
