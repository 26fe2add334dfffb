// The suggested category of the inquiry form: choosing it checks its card, as a click would
// (the form then shows that case's fields). Without JavaScript the link opens the form with it.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-pick-category]");
    if (!link) return;
    var radio = document.querySelector(
      'input[name=category][value="' + CSS.escape(link.dataset.pickCategory) + '"]'
    );
    if (!radio) return;
    event.preventDefault();
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    radio.focus();
  });
})();
