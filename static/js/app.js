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
  });
})();
