// "This phone" (/family/phone): turn notifications on or off for this phone.
// Subscribes with the browser's PushManager (VAPID key from the page) and tells the server,
// with the CSRF header. Nothing here runs on a shared phone: the page offers no controls.
(function () {
  "use strict";

  var controls = document.getElementById("push-controls");
  if (!controls) {
    return;
  }
  var state = document.getElementById("push-state");
  var errorBox = document.getElementById("push-error");
  var onButton = document.getElementById("push-on");
  var offButton = document.getElementById("push-off");
  var unsupported = document.getElementById("push-unsupported");
  var key = controls.getAttribute("data-push-key");

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"] || "";
    } catch (e) {
      return "";
    }
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !window.Notification) {
    if (unsupported) { unsupported.hidden = false; }
    return;
  }

  function fromBase64url(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  function show(on) {
    state.textContent = on ? "Notifications are on for this phone." : "Notifications are off for this phone.";
    state.setAttribute("data-push-state", on ? "on" : "off");
    onButton.hidden = on;
    offButton.hidden = !on;
  }

  function fail(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function send(path, payload) {
    return fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "x-csrftoken": csrfToken() },
      body: JSON.stringify(payload)
    }).then(function (response) {
      if (response.status === 403) {
        throw new Error("Notifications are off on a phone that other people use.");
      }
      if (!response.ok) {
        throw new Error("That did not work. Please try again.");
      }
    });
  }

  function registration() {
    return navigator.serviceWorker.register("/family/sw.js", { scope: "/family" }).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  onButton.addEventListener("click", function () {
    errorBox.hidden = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        throw new Error("This phone did not allow notifications. You can allow them in its settings.");
      }
      return registration();
    }).then(function (reg) {
      return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64url(key) });
    }).then(function (subscription) {
      return send("/family/push/subscribe", subscription.toJSON());
    }).then(function () {
      show(true);
    }).catch(function (error) {
      fail((error && error.message) || "That did not work. Please try again.");
    });
  });

  offButton.addEventListener("click", function () {
    errorBox.hidden = true;
    registration().then(function (reg) {
      return reg.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) { return null; }
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return send("/family/push/unsubscribe", { endpoint: endpoint });
      });
    }).then(function () {
      show(false);
    }).catch(function (error) {
      fail((error && error.message) || "That did not work. Please try again.");
    });
  });

  controls.hidden = false;
  // What this browser really has decides what the buttons offer.
  navigator.serviceWorker.getRegistration("/family").then(function (reg) {
    return reg ? reg.pushManager.getSubscription() : null;
  }).then(function (subscription) {
    show(Boolean(subscription) && Notification.permission === "granted");
  }).catch(function () {
    show(false);
  });
})();
