// The plan editor's enhancements. Forms work without this file.
// - Its parts are GOV.UK tabs: what is to be focused or linked to (#item-...) shows its tab
//   first, and tabs swapped in by HTMX (the whole editor, after a refused change) start.
// - After HTMX swaps a block in, move focus to what the block marks (a new item, an edit box,
//   an error summary, a merge view), so a keyboard or screen reader user carries on where the
//   change happened.
// - "Who can see this": the summary of an audience picker follows the choice as it changes
//   (the server says the same once the form is saved).
import { Tabs } from "/static/vendor/govuk/govuk-frontend.min.js";

// Show the tab whose panel holds `element` (a hidden panel's content cannot take focus).
function showTabOf(element) {
  const panel = element && element.closest(".govuk-tabs__panel--hidden");
  if (!panel) return;
  const tab = document.querySelector(`.govuk-tabs__tab[href="#${panel.id}"]`);
  if (tab) tab.click();
}

function startTabs() {
  document.querySelectorAll('[data-module="govuk-tabs"]:not([data-govuk-tabs-init])').forEach((tabs) => {
    try {
      new Tabs(tabs);
    } catch (error) {
      // Without its script a tab list is a contents list: the page still works.
    }
  });
}

function focusMarked() {
  const marked = document.querySelector("[data-autofocus]");
  if (!marked) return;
  showTabOf(marked);
  marked.removeAttribute("data-autofocus");
  if (!marked.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(marked.tagName)) {
    marked.setAttribute("tabindex", "-1");
  }
  marked.focus();
}

document.body.addEventListener("htmx:afterSettle", () => {
  startTabs();
  focusMarked();
});
// A page answered without HTMX (a plain post with an error, or a merge view) focuses too, and
// a link to an item (#item-...) opens the tab it is in.
if (window.location.hash.length > 1) {
  showTabOf(document.getElementById(decodeURIComponent(window.location.hash.slice(1))));
}
focusMarked();
// A link to a section or an item in another part of the plan opens that part's tab.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest('a[href^="#"]');
  if (!link || link.classList.contains("govuk-tabs__tab")) return;
  showTabOf(document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1))));
});

// A change to a plan that closed meanwhile answers 409 with the page's block as it is now
// (read-only, the reason on top), retargeted to where it belongs (#plan-editor for the editor,
// so the whole stale editor goes): swap it in.
document.body.addEventListener("htmx:beforeSwap", (event) => {
  const xhr = event.detail.xhr;
  if (xhr.status === 409 && xhr.getResponseHeader("HX-Retarget")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// htmx swaps only 2xx answers. Anything else (the item was removed meanwhile, the sign-in
// ran out) is said next to the form that was used, with a way to see the page as it is now.
document.body.addEventListener("htmx:responseError", (event) => {
  const target = event.detail.target;
  if (!target || !target.parentNode) return;
  const note = document.createElement("p");
  note.className = "govuk-error-message editor-failed";
  note.setAttribute("role", "alert");
  note.append("Sorry, that did not work: the plan may have changed. ");
  const reload = document.createElement("a");
  reload.className = "govuk-link";
  reload.href = window.location.pathname;
  reload.textContent = "Show the plan as it is now";
  note.append(reload);
  target.parentNode.insertBefore(note, target);
});

// "Who can see this: ..." as the choice changes. The words come from the page: each option's
// data-summary ("Professionals only", "Named agencies: ") and each name's data-name. Names are
// listed as the server lists them: sorted, "A, B and C". The writer's own agency is ticked
// and disabled, and counted like any other ticked name.
function namesInWords(names) {
  names.sort();
  if (names.length <= 1) return names.join("");
  return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
}

function audienceSummary(picker) {
  const chosen = picker.querySelector("input[name='audience']:checked");
  if (!chosen) return null;
  const said = chosen.getAttribute("data-summary") || "";
  if (chosen.value !== "agencies" && chosen.value !== "members") return said;
  const ticked = picker.querySelectorAll(
    "[data-audience-names='" + chosen.value + "'] input[type='checkbox']:checked"
  );
  const names = Array.from(ticked, (box) => box.getAttribute("data-name") || "");
  return said + (names.length ? namesInWords(names) : "nobody chosen yet");
}

document.addEventListener("change", (event) => {
  const picker = event.target.closest ? event.target.closest("[data-audience]") : null;
  if (!picker) return;
  const words = audienceSummary(picker);
  const summary = picker.querySelector("[data-audience-summary]");
  if (words !== null && summary) summary.textContent = words;
});
