// Small progressive enhancements, hooked by data- attributes; every page works without them.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    // The language picker submits itself; its button stays for keyboards and no-JS.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      var button = select.form.querySelector("[data-autosubmit-button]");
      if (button) button.classList.add("visually-hidden");
      select.addEventListener("change", function () { select.form.submit(); });
    });
    // After htmx pushes a new address (live search, situation picker), switching the language
    // must come back to that address, not to the page as first loaded.
    document.body.addEventListener("htmx:pushedIntoHistory", function () {
      document.querySelectorAll(".lang-form input[name=next]").forEach(function (input) {
        input.value = window.location.pathname + window.location.search;
      });
    });
  });
})();
