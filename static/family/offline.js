// The family portal's offline copy, from the page's side. Loaded by every /family page.
//
// The <body> says what this phone may keep (portal.family.device.phone_attributes):
// - data-offline="on": the phone is the parent's alone. Register the service worker (it keeps
//   the last page for reading offline and check-ins made offline until they can be sent),
//   and say so plainly when the page on screen is the saved copy.
// - data-offline="off": a shared phone. Keep nothing: remove the worker, its caches, any
//   check-in waiting, and this phone's push subscription.
(function () {
  "use strict";

  var body = document.body;
  var mode = body.getAttribute("data-offline");
  var savedLabel = body.getAttribute("data-saved-label") || "";
  // A check-in sent after its goal's plan closed (careplan.plans.rules.CHECK_IN_THEN).
  var AFTER_CLOSE = {
    carried: "This goal is now part of your new plan, and your check-in goes with it.",
    ended: "This goal has ended, so your check-in is kept with its history."
  };
  if (!("serviceWorker" in navigator) || !mode) {
    return;
  }

  function csrfToken() {
    try {
      return JSON.parse(body.getAttribute("hx-headers") || "{}")["x-csrftoken"] || "";
    } catch (e) {
      return "";
    }
  }

  function forgetPhone() {
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) {
        var push = registration.pushManager;
        (push ? push.getSubscription() : Promise.resolve(null)).then(function (subscription) {
          if (!subscription) { return; }
          var endpoint = subscription.endpoint;
          return subscription.unsubscribe().then(function () {
            return fetch("/family/push/unsubscribe", {
              method: "POST",
              credentials: "same-origin",
              headers: { "Content-Type": "application/json", "x-csrftoken": csrfToken() },
              body: JSON.stringify({ endpoint: endpoint })
            });
          });
        }).catch(function () {}).then(function () {
          if (registration.active) { registration.active.postMessage({ type: "clear" }); }
          return registration.unregister();
        });
      });
    });
    if (window.caches) {
      caches.keys().then(function (names) {
        names.forEach(function (name) { caches.delete(name); });
      });
    }
    if (window.indexedDB) {
      indexedDB.deleteDatabase("careplan-phone");
    }
  }

  if (mode !== "on") {
    forgetPhone();
    return;
  }

  // ---- Notices: a banner at the top of the page, read out by screen readers ----------------

  var banner = null;

  function show(id, text, important) {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "govuk-notification-banner";
      banner.setAttribute("role", "region");
      banner.setAttribute("aria-labelledby", "phone-banner-title");
      banner.innerHTML =
        '<div class="govuk-notification-banner__header">' +
        '<h2 class="govuk-notification-banner__title" id="phone-banner-title">This phone</h2></div>' +
        '<div class="govuk-notification-banner__content" role="status"></div>';
      var main = document.getElementById("main-content") || body;
      main.insertBefore(banner, main.firstChild);
    }
    var content = banner.querySelector(".govuk-notification-banner__content");
    var line = content.querySelector('[data-notice="' + id + '"]');
    if (!line) {
      line = document.createElement("p");
      line.className = "govuk-notification-banner__heading";
      line.setAttribute("data-notice", id);
      content.appendChild(line);
    }
    line.textContent = text;
    if (important) { banner.setAttribute("role", "alert"); }
  }

  function hide(id) {
    if (!banner) { return; }
    var line = banner.querySelector('[data-notice="' + id + '"]');
    if (line) { line.remove(); }
    if (!banner.querySelector("[data-notice]")) {
      banner.remove();
      banner = null;
    }
  }

  // A time as every page writes it (GOV.UK style): 2pm, 2:05pm, midday, midnight.
  function timeOf(iso) {
    var when = new Date(iso);
    if (isNaN(when)) { return ""; }
    var hours = when.getHours(), minutes = when.getMinutes();
    if (minutes === 0 && (hours === 0 || hours === 12)) { return hours ? "midday" : "midnight"; }
    var clock = String(hours % 12 || 12) + (minutes ? ":" + (minutes < 10 ? "0" : "") + minutes : "");
    return clock + (hours < 12 ? "am" : "pm");
  }

  function showSavedCopy() {
    show("offline", "You are offline. This is the copy saved on this phone on " + savedLabel + ".");
  }

  function onMessage(event) {
    var data = event.data || {};
    if (data.type === "status") {
      if (data.fromCache || !navigator.onLine) { showSavedCopy(); }
      if (data.queued) {
        show("queued", data.queued === 1
          ? "1 check-in is saved on this phone and will be sent when you are back online."
          : data.queued + " check-ins are saved on this phone and will be sent when you are back online.");
      } else {
        hide("queued");
      }
      (data.notices || []).forEach(function (n) { onMessage({ data: n }); });
    } else if (data.type === "queued") {
      show("queued", "Your check-in is saved on this phone. It will be sent when you are back online.");
    } else if (data.type === "sent") {
      hide("queued");
      show("sent-" + data.clientUuid, "Your check-in from " + timeOf(data.queuedAt) + " has been sent." +
        (AFTER_CLOSE[data.outcome] ? " " + AFTER_CLOSE[data.outcome] : ""));
    } else if (data.type === "failed") {
      hide("queued");
      show("failed-" + data.clientUuid, "Your check-in from " + timeOf(data.queuedAt) +
        " could not be sent. Please record it again.", true);
    } else if (data.type === "waiting") {
      show("queued", "Your check-in is saved on this phone. Sign in again to send it.");
    }
  }

  navigator.serviceWorker.addEventListener("message", onMessage);

  function ask(message) {
    navigator.serviceWorker.ready.then(function (registration) {
      var worker = navigator.serviceWorker.controller || registration.active;
      if (worker) { worker.postMessage(message); }
    });
  }

  function pageAssets() {
    return performance.getEntriesByType("resource").map(function (entry) {
      return entry.name;
    }).filter(function (name) {
      var url = new URL(name);
      return url.origin === location.origin &&
        (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/assets/") === 0);
    });
  }

  function cameThroughWorker() {
    var entry = performance.getEntriesByType("navigation")[0];
    return Boolean(entry && entry.workerStart > 0);
  }

  function start() {
    navigator.serviceWorker.register("/family/sw.js", { scope: "/family" }).then(function () {
      if (!navigator.serviceWorker.controller) {
        ask({ type: "claim" });
      }
      if (!cameThroughWorker()) {
        // This visit did not come through the worker: ask it to keep this page now.
        ask({ type: "keep", url: location.href, assets: pageAssets() });
      }
      ask(navigator.onLine ? { type: "flush" } : { type: "status" });
    }).catch(function () {});
  }

  // After the page has loaded: the worker never competes with the page for the connection.
  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }

  if (!navigator.onLine) { showSavedCopy(); }
  window.addEventListener("offline", showSavedCopy);
  window.addEventListener("online", function () {
    hide("offline");
    ask({ type: "flush" });
  });
})();
