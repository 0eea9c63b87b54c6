// Careplan's service worker for the family portal, served at /family/sw.js (scope /family).
//
// - Keeps the latest copy of each /family page the parent opened, readable offline, but only
//   a page whose <body> says data-offline="on" (a member on a phone that is theirs alone).
//   A page that says "off" (a shared phone), or a visit that ends at sign-in, empties every
//   cache.
// - Keeps one person's copy at most: a kept page names whose it is (data-holder, a hash that
//   means nothing without the server's secret). The first holder is remembered; a page of
//   anyone else wipes everything, and from then on this browser keeps nothing (offline, the
//   phone cannot know who holds it). The server does the same with its holder cookie
//   (portal/family/device.py); this is the worker's own check, should that cookie be lost.
// - A check-in posted without a connection (a form with a client_uuid, so sending it twice is
//   harmless) is kept in IndexedDB and sent when the connection returns; the page is told
//   whether it was sent or not.
// - A push shows one fixed, generic notification, whatever the push carries.
// Nothing is cached for any other page, nor for anyone else.
"use strict";

var PAGES = "careplan-pages-v1";
var ASSETS = "careplan-assets-v1";
var DB_NAME = "careplan-phone";
var DB_VERSION = 2;
var OUTBOX = "outbox";
var NOTICES = "notices";
var META = "meta"; // "holder": whose copy this browser keeps, or SHARED; survives a wipe
var SHARED = "shared";
var HOLDER = /data-holder="([A-Za-z0-9_-]+)"/;
var SYNC_TAG = "careplan-outbox";
var NOTIFICATION_TITLE = "Your plan has changed";
var NOTIFICATION_BODY = "Open it to see what is new.";
var KEEP_MARK = 'data-offline="on"';
var MAX_PAGES = 12;
var CLEAR_MARK = 'data-offline="off"';
// Pages served from the cache, by the client they were served to (for "saved at" notices).
var fromCache = new Set();

// ---- IndexedDB, in a few lines ---------------------------------------------------------

function openDb() {
  return new Promise(function (resolve, reject) {
    var request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = function () {
      var db = request.result;
      [OUTBOX, NOTICES].forEach(function (name) {
        if (!db.objectStoreNames.contains(name)) {
          db.createObjectStore(name, { keyPath: "id", autoIncrement: true });
        }
      });
      if (!db.objectStoreNames.contains(META)) {
        db.createObjectStore(META);
      }
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
}

function withStore(name, mode, work) {
  return openDb().then(function (db) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(name, mode);
      var result = work(tx.objectStore(name));
      tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
      tx.onerror = function () { db.close(); reject(tx.error); };
    });
  });
}

function all(name) {
  return withStore(name, "readonly", function (store) { return store.getAll(); });
}

function add(name, value) {
  return withStore(name, "readwrite", function (store) { return store.add(value); });
}

function remove(name, key) {
  return withStore(name, "readwrite", function (store) { return store.delete(key); });
}

function clearStore(name) {
  return withStore(name, "readwrite", function (store) { return store.clear(); });
}

function getMeta(key) {
  return withStore(META, "readonly", function (store) { return store.get(key); });
}

function setMeta(key, value) {
  return withStore(META, "readwrite", function (store) { return store.put(value, key); });
}

// ---- Lifecycle ---------------------------------------------------------------------------

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n !== PAGES && n !== ASSETS;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function forgetEverything() {
  fromCache.clear();
  return caches.keys().then(function (names) {
    return Promise.all(names.map(function (n) { return caches.delete(n); }));
  }).then(function () {
    return Promise.all([clearStore(OUTBOX), clearStore(NOTICES)]).catch(function () {});
  });
}

// ---- Pages: network first, the kept copy when there is no network ----------------------

function isAsset(url) {
  return url.origin === self.location.origin &&
    (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/assets/") === 0);
}

function pageKey(url) {
  return url.origin + url.pathname;
}

// Cache writes one at a time, in the order they were asked for.
var writes = Promise.resolve();

function serially(work) {
  writes = writes.then(work, work);
  return writes;
}

// Whether this browser may keep the page for the person it names: the first holder is
// remembered; anyone else's page wipes the copy, and the browser keeps nothing from then on.
function holderAllows(html) {
  var found = HOLDER.exec(html);
  if (!found) {
    return Promise.resolve(false);
  }
  return getMeta("holder").then(function (holder) {
    if (holder === undefined) {
      return setMeta("holder", found[1]).then(function () { return true; });
    }
    if (holder === found[1]) {
      return true;
    }
    return forgetEverything().then(function () {
      return setMeta("holder", SHARED);
    }).then(function () { return false; });
  });
}

// Decide from the page itself whether it may be kept; returns a promise of "on"/"off"/null.
// The latest copy of each page of the portal is kept (its plan, goals, next meeting ...).
function keepOrClear(key, response) {
  var forCache = response.clone();
  return response.clone().text().then(function (html) {
    return serially(function () {
      if (html.indexOf(CLEAR_MARK) !== -1) {
        return forgetEverything().then(function () { return "off"; });
      }
      if (html.indexOf(KEEP_MARK) === -1 || !response.ok) {
        return null;
      }
      return holderAllows(html).then(function (allowed) {
        return allowed ? keep(key, forCache) : "off";
      });
    });
  });
}

function keep(key, forCache) {
  return caches.open(PAGES).then(function (cache) {
    return cache.delete(key).then(function () {
      return cache.put(key, forCache);
    }).then(function () {
      return cache.keys();
    }).then(function (keys) {
      // Oldest first: a few pages at most, never a history.
      var extra = keys.slice(0, Math.max(0, keys.length - MAX_PAGES));
      return Promise.all(extra.map(function (k) { return cache.delete(k); }));
    });
  }).then(function () { return "on"; });
}

// The worker's own pages (offline, or a form kept or not sent): plain GOV.UK markup.
function shell(title, inner, status) {
  var html = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>" + title + "</title>" +
    '<link rel="stylesheet" href="/static/vendor/govuk/govuk-frontend.min.css"></head>' +
    '<body class="govuk-template__body"><div class="govuk-width-container">' +
    '<main class="govuk-main-wrapper" id="main-content">' +
    '<h1 class="govuk-heading-l">' + title + "</h1>" + inner +
    '<p class="govuk-body"><a class="govuk-link" href="/family">Back to your plan</a></p>' +
    "</main></div></body></html>";
  return new Response(html, {
    status: status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }
  });
}

function offlinePage() {
  return shell("You are offline", '<p class="govuk-body">This page is not saved on this phone. ' +
    "Connect to the internet and try again.</p>", 503);
}

function navigate(event) {
  var request = event.request;
  var url = new URL(request.url);
  var key = pageKey(url);
  return fetch(request).then(function (response) {
    // A /family page that redirects is one that sends the parent to sign in (a navigation's
    // redirect is opaque here): the session ended (signed out, timed out, this device
    // revoked), so keep nothing.
    var signedOut = response.type === "opaqueredirect" ||
      (response.redirected && new URL(response.url).pathname.indexOf("/auth/") === 0);
    if (signedOut) {
      event.waitUntil(serially(forgetEverything));
    } else {
      event.waitUntil(keepOrClear(key, response).catch(function () {}));
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(key).then(function (hit) {
        return hit || cache.match(url.origin + "/family");
      });
    }).then(function (hit) {
      if (!hit) {
        return offlinePage();
      }
      if (event.resultingClientId) {
        fromCache.add(event.resultingClientId);
      }
      return hit;
    });
  });
}

function asset(event) {
  // Network (through the browser's own HTTP cache) first; a kept copy offline. Assets are
  // kept only while a page is kept, so a shared phone keeps none.
  return fetch(event.request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      event.waitUntil(caches.has(PAGES).then(function (keeping) {
        return keeping && caches.open(ASSETS).then(function (cache) {
          return cache.put(event.request, copy);
        });
      }));
    }
    return response;
  }).catch(function () {
    return caches.match(event.request, { cacheName: ASSETS }).then(function (hit) {
      return hit || Response.error();
    });
  });
}

// ---- Check-ins made offline --------------------------------------------------------------

var KEPT_HEADERS = ["x-csrftoken", "hx-request", "hx-target", "hx-trigger", "hx-current-url"];

function queued(entry) {
  var message = "Your check-in is saved on this phone. It will be sent when you are back online.";
  if (entry.headers["hx-request"] !== "true") {
    return shell("Not sent yet", '<p class="govuk-body" role="status">' + message + "</p>", 202);
  }
  // Leave the form as it is (the page's banner says it is kept): nothing is swapped.
  return new Response('<div class="govuk-inset-text" role="status">' + message + "</div>", {
    status: 202,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "HX-Reswap": "none" }
  });
}

function notSent(htmx) {
  var message = "You are offline, so this was not sent. Try again when you are back online.";
  if (!htmx) {
    return shell("Not sent", '<p class="govuk-body" role="alert">' + message + "</p>", 503);
  }
  return new Response('<div class="govuk-error-message" role="alert">' + message + "</div>", {
    status: 503, headers: { "Content-Type": "text/html; charset=utf-8" }
  });
}

function post(event) {
  var request = event.request;
  var copy = request.clone();
  var htmx = request.headers.get("hx-request") === "true";
  return fetch(request).catch(function () {
    return copy.formData().then(function (form) {
      var uuid = form.get("client_uuid");
      if (!uuid) {
        return notSent(htmx); // only a request that is harmless to send twice is kept
      }
      var headers = {};
      KEPT_HEADERS.forEach(function (name) {
        var value = copy.headers.get(name);
        if (value) { headers[name] = value; }
      });
      var entry = {
        url: request.url,
        headers: headers,
        body: new URLSearchParams(form).toString(),
        clientUuid: String(uuid),
        queuedAt: new Date().toISOString()
      };
      return add(OUTBOX, entry).then(function () {
        if (self.registration.sync) {
          self.registration.sync.register(SYNC_TAG).catch(function () {});
        }
        tell({ type: "queued", count: 1 });
        return queued(entry);
      });
    }).catch(function () { return notSent(htmx); });
  });
}

function tell(message) {
  return self.clients.matchAll({ type: "window" }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage(message); });
    return clients.length;
  });
}

function notice(message) {
  return tell(message).then(function (count) {
    if (!count) { return add(NOTICES, message); }
  });
}

var flushing = null;

function flush() {
  if (!flushing) {
    flushing = flushOutbox().then(function (r) { flushing = null; return r; },
      function (e) { flushing = null; throw e; });
  }
  return flushing;
}

function flushOutbox() {
  return all(OUTBOX).then(function (entries) {
    var chain = Promise.resolve(true);
    entries.forEach(function (entry) {
      chain = chain.then(function (goOn) {
        if (!goOn) { return false; }
        // Sent as a plain form (no HTMX headers), so that the answer's status says whether it
        // was taken: a redirect to the page on success, 4xx when refused.
        var headers = { "Content-Type": "application/x-www-form-urlencoded" };
        if (entry.headers["x-csrftoken"]) { headers["x-csrftoken"] = entry.headers["x-csrftoken"]; }
        return fetch(entry.url, {
          method: "POST", headers: headers, body: entry.body, credentials: "same-origin"
        }).then(function (response) {
          var toSignIn = response.status === 401 ||
            (response.redirected && new URL(response.url).pathname.indexOf("/auth/") === 0);
          if (toSignIn) {
            notice({ type: "waiting", reason: "sign_in" });
            return false; // kept: sent once the parent signs in again
          }
          return remove(OUTBOX, entry.id).then(function () {
            if (response.ok) {
              // A goal whose plan closed meanwhile: the page it lands on says where it went.
              var outcome = new URL(response.url || entry.url).searchParams.get("outcome") || "";
              return notice({ type: "sent", clientUuid: entry.clientUuid, queuedAt: entry.queuedAt, outcome: outcome });
            }
            return notice({ type: "failed", clientUuid: entry.clientUuid, queuedAt: entry.queuedAt, status: response.status });
          }).then(function () { return true; });
        }, function () {
          return false; // still offline: kept for later
        });
      });
    });
    return chain;
  });
}

function status(client) {
  var served = fromCache.has(client.id);
  return Promise.all([all(OUTBOX), all(NOTICES)]).then(function (found) {
    var notices = found[1];
    return Promise.all(notices.map(function (n) { return remove(NOTICES, n.id); })).then(function () {
      client.postMessage({
        type: "status", fromCache: served, queued: found[0].length,
        notices: notices.map(function (n) { delete n.id; return n; })
      });
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === SYNC_TAG) {
    event.waitUntil(flush());
  }
});

// ---- Messages from the page ------------------------------------------------------------

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "clear") {
    event.waitUntil(serially(forgetEverything));
  } else if (data.type === "claim") {
    // A page that loaded while this worker was being installed: look after it now.
    event.waitUntil(self.clients.claim());
  } else if (data.type === "flush") {
    event.waitUntil(flush().then(function () { return status(event.source); }));
  } else if (data.type === "status") {
    event.waitUntil(status(event.source));
  } else if (data.type === "keep" && typeof data.url === "string") {
    // The first visit was not served through this worker: keep that page now, from the
    // browser's HTTP cache where it can (no second download), with the assets it used.
    var url = new URL(data.url);
    if (url.origin !== self.location.origin || url.pathname.indexOf("/family") !== 0) {
      return;
    }
    event.waitUntil(
      fetch(url.href, { credentials: "same-origin", cache: "force-cache" }).then(function (response) {
        return keepOrClear(pageKey(url), response);
      }).then(function (decision) {
        if (decision !== "on") { return; }
        var assets = (data.assets || []).filter(function (a) { return isAsset(new URL(a)); });
        return caches.open(ASSETS).then(function (cache) {
          return Promise.all(assets.map(function (a) {
            return fetch(a, { cache: "force-cache" }).then(function (r) {
              return r.ok ? cache.put(a, r) : null;
            }).catch(function () {});
          }));
        });
      }).catch(function () {})
    );
  }
});

// ---- Fetch ----------------------------------------------------------------------------------

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "GET" && request.mode === "navigate" && url.pathname.indexOf("/family") === 0) {
    event.respondWith(navigate(event));
  } else if (request.method === "GET" && isAsset(url)) {
    event.respondWith(asset(event));
  } else if (request.method === "POST" && url.pathname.indexOf("/family/") === 0 &&
             url.pathname.indexOf("/family/push/") !== 0 && url.pathname !== "/family/phone/clear") {
    event.respondWith(post(event));
  }
  // Anything else goes to the network untouched (and is never kept).
});

// ---- Push: one fixed, generic notification ------------------------------------------------

self.addEventListener("push", function (event) {
  // The payload is ignored on purpose: a lock screen is seen by others, so the words are
  // always the same and say nothing about the family.
  event.waitUntil(
    self.registration.showNotification(NOTIFICATION_TITLE, {
      body: NOTIFICATION_BODY,
      tag: "careplan",
      icon: "/static/icons/favicon.svg",
      data: { url: "/family" }
    })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (clients) {
      for (var i = 0; i < clients.length; i++) {
        if (new URL(clients[i].url).pathname.indexOf("/family") === 0 && "focus" in clients[i]) {
          return clients[i].navigate("/family").then(function (c) { return c && c.focus(); });
        }
      }
      return self.clients.openWindow("/family");
    })
  );
});
