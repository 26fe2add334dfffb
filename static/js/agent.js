// Agent workspace: a few enhancements hooked by data- attributes; the pages work without them.
(function () {
  "use strict";
  var typingTimer = null;
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  // The presence poll carries "typing=1" while the agent typed in the last five seconds.
  document.addEventListener("input", function (event) {
    if (!event.target.matches("[data-typing-source]")) return;
    var flag = document.querySelector("[data-typing-flag]");
    if (!flag) return;
    flag.value = "1";
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { flag.value = "0"; }, 5000);
  });
  function hideJsTwins(root) {
    // Buttons that only matter without JavaScript (htmx saves on change).
    root.querySelectorAll("[data-hide-with-js]").forEach(function (el) {
      el.classList.add("visually-hidden");
    });
  }
  ready(function () { hideJsTwins(document); });
  document.addEventListener("htmx:afterSwap", function (event) { hideJsTwins(event.target); });
})();
