// Plain language while writing (issue 8). Beside a field, a region made by the
// `plain_language_hint(field_id)` macro (templates/workspace/_plain_language.html):
//   <div data-plain-for="FIELD_ID" hx-post="/workspace/plain-language"
//        hx-trigger="plain-input delay:500ms" ...>
// As the person types, this script tells the region (`plain-input`, only when the text has
// changed); htmx waits for a pause of 500 ms and posts the text. The findings come back as
// buttons: clicking one puts the plain words in place of the whole phrase the jargon belongs
// to ("a referral" -> "a request for help": the server made it grammatical). Where no safe
// replacement exists, the finding offers its sentence in a box to rewrite; "Put my sentence
// in" replaces the sentence with the writer's own, once they have changed it. No inline
// script, nothing evaluated (CSP).
(function () {
  "use strict";

  var last = new WeakMap();

  function regionFor(field) {
    if (!field || !field.id) return null;
    var regions = document.querySelectorAll("[data-plain-for]");
    for (var i = 0; i < regions.length; i++) {
      if (regions[i].getAttribute("data-plain-for") === field.id) return regions[i];
    }
    return null;
  }

  function ask(field, force) {
    var region = regionFor(field);
    if (!region) return;
    if (!force && last.get(region) === field.value) return;
    last.set(region, field.value);
    region.dispatchEvent(new window.CustomEvent("plain-input", { bubbles: false }));
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target.type === "radio" && target.name === "audience" && target.form) {
      // Who will read it changed: check again (the family's texts get the findings).
      var regions = target.form.querySelectorAll("[data-plain-for]");
      for (var i = 0; i < regions.length; i++) {
        var field = document.getElementById(regions[i].getAttribute("data-plain-for"));
        if (field) ask(field, true);
      }
      return;
    }
    ask(target, false);
  });

  // A field that arrives with text in it (an item opened for editing) is checked at once:
  // htmx says `htmx:load` for the page when it starts and for every block it swaps in.
  function checkFilled(scope) {
    var regions = (scope || document).querySelectorAll
      ? (scope || document).querySelectorAll("[data-plain-for]")
      : [];
    for (var i = 0; i < regions.length; i++) {
      var field = document.getElementById(regions[i].getAttribute("data-plain-for"));
      if (field && field.value && field.value.trim()) ask(field, false);
    }
  }
  document.addEventListener("htmx:load", function (event) {
    checkFilled(event.target);
  });

  function atSentenceStart(text, index) {
    var before = text.slice(0, index).replace(/\s+$/, "");
    return before === "" || /[.!?]$/.test(before);
  }

  function replaceIn(field, from, to, near) {
    var text = field.value;
    var at = -1;
    if (text.substr(near, from.length) === from) {
      at = near;
    } else {
      // The text moved on since the check: the occurrence nearest to where it was.
      var best = Infinity;
      var found = text.indexOf(from);
      while (found !== -1) {
        if (Math.abs(found - near) < best) {
          best = Math.abs(found - near);
          at = found;
        }
        found = text.indexOf(from, found + 1);
      }
    }
    if (at === -1) return false;
    var words = to;
    if (atSentenceStart(text, at)) words = words.charAt(0).toUpperCase() + words.slice(1);
    field.value = text.slice(0, at) + words + text.slice(at + from.length);
    field.focus();
    var caret = at + words.length;
    if (field.setSelectionRange) field.setSelectionRange(caret, caret);
    field.dispatchEvent(new window.Event("input", { bubbles: true }));
    return true;
  }

  function rewritten(button) {
    // The writer's own sentence, or null (with a message) while it is still the original.
    var box = document.getElementById(button.getAttribute("data-plain-from-field"));
    if (!box) return null;
    var unchanged = document.getElementById(box.id + "-unchanged");
    var words = box.value.trim();
    var same = words === button.getAttribute("data-plain-from").trim() || words === "";
    if (unchanged) unchanged.hidden = !same;
    box.classList.toggle("govuk-textarea--error", same);
    if (same) {
      box.setAttribute("aria-describedby", box.id + "-hint " + box.id + "-unchanged");
      box.focus();
      return null;
    }
    box.setAttribute("aria-describedby", box.id + "-hint");
    return words;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-plain-field]") : null;
    if (!button || button.tagName !== "BUTTON") return;
    var field = document.getElementById(button.getAttribute("data-plain-field"));
    if (!field) return;
    event.preventDefault();
    var to = button.getAttribute("data-plain-to");
    if (button.hasAttribute("data-plain-from-field")) to = rewritten(button);
    if (to === null) return;
    var done = replaceIn(
      field,
      button.getAttribute("data-plain-from"),
      to,
      parseInt(button.getAttribute("data-plain-start") || "0", 10)
    );
    if (done) button.disabled = true;
  });
})();
