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

  // A goal swapped in after a check-in: move focus to its message, for screen readers.
  function afterSwap(swapped) {
    setUp(swapped);
    var saved = swapped.querySelector(".govuk-notification-banner, .govuk-error-summary");
    if (saved) {
      saved.setAttribute("tabindex", "-1");
      saved.focus();
    }
  }

  // A check-in without leaving the page: the form's own post, answered with the goal's block
  // (the server renders it for an HTMX-style request, header HX-Request). Done with fetch
  // rather than htmx so a phone downloads 17 KB less. Without script the form posts as usual.
  // Offline, the service worker keeps it and answers 202: the form stays as it is and the
  // page's banner says the check-in waits on the phone.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-swap]") || !window.fetch) { return; }
    var target = document.querySelector(form.getAttribute("data-swap"));
    if (!target) { return; }
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "HX-Request": "true", "HX-Target": target.id },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status !== 200) { return null; }
      return response.text();
    }).then(function (html) {
      if (html === null) { return; }
      target.outerHTML = html;
      afterSwap(document.getElementById(target.id) || document);
    }).catch(function () {});
  });
})();
