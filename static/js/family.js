// The family portal's small script. Every page works without it.
// "Listen": reads a part of the plan aloud with the phone's own voice (Web Speech API),
// where the phone has one. Nothing is sent anywhere. Terms' explanations and hidden
// helper text are left out of what is read.
(function () {
  "use strict";
  var speech = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window;

  function readable(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll("[data-no-read], .govuk-visually-hidden, .cp-item__comment, button")
      .forEach(function (node) { node.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function setUp(root) {
    root.querySelectorAll("[data-listen]").forEach(function (button) {
      if (!speech) {
        button.hidden = true;
        return;
      }
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        var synth = window.speechSynthesis;
        if (synth.speaking && button.getAttribute("aria-pressed") === "true") {
          synth.cancel();
          return;
        }
        synth.cancel();
        var target = document.getElementById(button.dataset.listen);
        if (!target) return;
        var utterance = new SpeechSynthesisUtterance(readable(target));
        utterance.lang = document.documentElement.lang || "en-GB";
        utterance.rate = 0.9;
        document.querySelectorAll("[data-listen]").forEach(function (other) {
          other.setAttribute("aria-pressed", "false");
        });
        button.setAttribute("aria-pressed", "true");
        utterance.onend = utterance.onerror = function () {
          button.setAttribute("aria-pressed", "false");
        };
        synth.speak(utterance);
      });
    });
  }

  setUp(document);
  // A goal swapped in by HTMX after a check-in: move focus to its message, for screen readers.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var swapped = (target && target.id && document.getElementById(target.id)) || document;
    setUp(swapped);
    var saved = swapped.querySelector(".govuk-notification-banner, .govuk-error-summary");
    if (saved) {
      saved.setAttribute("tabindex", "-1");
      saved.focus();
    }
  });
})();
