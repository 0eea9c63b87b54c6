// Live co-editing on a plan page (issue 8). One EventSource per page. Events carry ids only:
// this script fetches what changed through the page's normal, permission-checked routes and
// swaps it in. Everything it needs is in data attributes of #plan-live (URL templates with
// {id}, {item}, {objective}, {section}); no inline script, nothing evaluated.
//
//   progress-recorded (data: the objective's id): a check-in (a parent's too) changed the
//     objective's progress but not the objective: it is fetched again like objective-changed,
//     and swapped in although its revision is the same.
//   item-changed / objective-changed (data: id): fetch data-item-url / data-objective-url
//     (as HTMX would, with HX-Request) and replace #item-<id> / #objective-<id>; a new one is
//     new: its section is fetched again (data-section-url) unless someone is writing in it,
//     else the block is appended to the section's list (data-list-selector); 404 removes it
//     (removed, or no longer for this person's eyes).
//   scaling-changed: the scaling section is fetched again (data-section-url, "scaling").
//     A block being edited here is never replaced: it gets a calm note instead.
//   presence: refetch data-presence-url into [data-live-presence], and show beside each
//     block who is editing it.
//   ready: the stream is open (data: its id, sent with presence). After a reconnection every
//     section nobody is writing in is fetched again, as events may have been missed.
//   ended: the session ended or the person left the team: stop, and say so.
// Every event is also dispatched on <body> as `live-<name>` (detail: {id}), so any block can
// refresh itself with hx-trigger="live-scaling-changed from:body".
(function () {
  "use strict";

  var root = document.getElementById("plan-live");
  if (!root || !window.EventSource || !window.fetch) return;

  var FIELD = "textarea, input[type=text], input:not([type]), select";
  var BLOCK_ID = /^(item-[0-9a-f-]{36}|objective-[0-9a-f-]{36}|section-[a-z_]+)$/;
  var tab = "";
  var block = "";
  var sentBlock = null;
  var opened = 0;
  var presenceTimer = null;
  var blurTimer = null;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"] || "";
    } catch (e) {
      return "";
    }
  }

  function fill(template, values, raw) {
    return (template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      var value = String(values[key] !== undefined ? values[key] : values.id);
      return raw ? value : encodeURIComponent(value);
    });
  }

  function status(text) {
    var box = root.querySelector("[data-live-status]");
    if (!box) return;
    box.textContent = text;
    box.hidden = !text;
  }

  function processed(element) {
    if (window.htmx) window.htmx.process(element);
    return element;
  }

  function busy(element) {
    // Being edited here: a form field inside it that is open (an edit, merge or remove form),
    // or a field holding words not yet saved. A form folded away in a closed <details> (an
    // objective's "Record progress") is not being used.
    var fields = element.querySelectorAll(FIELD);
    for (var i = 0; i < fields.length; i++) {
      var folded = fields[i].closest("details");
      if (!folded || !element.contains(folded) || folded.open) return true;
    }
    return typingIn(element);
  }

  function noteChanged(element) {
    if (element.querySelector(".live-stale")) return;
    var note = document.createElement("p");
    note.className = "govuk-body-s live-stale";
    note.setAttribute("role", "status");
    note.textContent =
      "Someone else has just changed this. Your writing is kept: when you save, you can compare the two.";
    element.insertBefore(note, element.firstChild);
  }

  function calmly(element) {
    element.classList.add("live-updated");
    window.setTimeout(function () {
      element.classList.remove("live-updated");
    }, 2000);
  }

  function revision(element) {
    var value = parseInt(element.getAttribute("data-revision") || "", 10);
    return isNaN(value) ? null : value;
  }

  function get(url) {
    return window.fetch(url, {
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
      cache: "no-store",
    });
  }

  function fragment(html, domId) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var found = template.content.querySelector("[id='" + domId + "']");
    if (!found) return null;
    // Live changes are someone else's: they never take this person's focus.
    var marked = found.querySelectorAll("[data-autofocus]");
    for (var i = 0; i < marked.length; i++) marked[i].removeAttribute("data-autofocus");
    found.removeAttribute("data-autofocus");
    return found;
  }

  function typingIn(element) {
    // Someone is writing here: a field has focus, or holds text not yet saved.
    var active = document.activeElement;
    if (active && element.contains(active) && active.matches && active.matches(FIELD)) return true;
    var fields = element.querySelectorAll("textarea, input[type=text], input:not([type])");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value !== fields[i].defaultValue) return true;
    }
    return false;
  }

  function swapIn(current, fresh) {
    current.replaceWith(fresh);
    processed(fresh);
    calmly(fresh);
    showEditors();
  }

  function sectionBusy(element) {
    // Writing in it, or one of its blocks open for editing here.
    if (typingIn(element)) return true;
    var blocks = element.querySelectorAll("[id^='item-'], [id^='objective-']");
    for (var i = 0; i < blocks.length; i++) {
      if (busy(blocks[i])) return true;
    }
    return false;
  }

  function refreshSection(section, then) {
    var template = root.getAttribute("data-section-url");
    var current = document.getElementById("section-" + section);
    if (!template || !current || sectionBusy(current)) return then();
    get(fill(template, { section: section, id: section }))
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        var fresh = html && fragment(html, "section-" + section);
        var now = document.getElementById("section-" + section);
        if (!fresh || !now || sectionBusy(now)) return then();
        swapIn(now, fresh);
      })
      .catch(then);
  }

  function place(kind, id, html, always) {
    var domId = kind + "-" + id;
    var fresh = fragment(html, domId);
    if (!fresh) return;
    var current = document.getElementById(domId);
    if (current) {
      var mine = revision(current);
      var theirs = revision(fresh);
      // Nothing new (my own save), unless what changed is not counted by the revision.
      if (!always && mine !== null && theirs !== null && theirs <= mine) return;
      // A check-in: nothing new if the goal's figures already say it (my own check-in, its
      // "Progress recorded" note still showing).
      var was = current.querySelector(".editor-measure");
      var now = fresh.querySelector(".editor-measure");
      if (always && was && now && was.textContent === now.textContent) return;
      if (busy(current)) {
        noteChanged(current);
        return;
      }
      swapIn(current, fresh);
      return;
    }
    // New here: the whole section, in order, unless someone is writing in it; then the
    // block alone, at the end of its list.
    var section = fresh.getAttribute("data-section") || (kind === "objective" ? "objectives" : "");
    if (!/^[a-z_]+$/.test(section)) return;
    refreshSection(section, function () {
      if (document.getElementById(domId)) return;
      var selector = fill(
        root.getAttribute("data-list-selector") || "#section-{section} .editor-items",
        { section: section, id: id },
        true
      );
      var list = document.querySelector(selector);
      if (!list) return;
      list.appendChild(fresh);
      processed(fresh);
      calmly(fresh);
      showEditors();
    });
  }

  function refresh(kind, id, always) {
    var template = root.getAttribute("data-" + kind + "-url");
    if (!template) return;
    var values = { id: id };
    values[kind] = id;
    get(fill(template, values))
      .then(function (response) {
        if (response.status === 404 || response.status === 410) {
          var gone = document.getElementById(kind + "-" + id);
          if (gone && !busy(gone)) gone.remove();
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html) place(kind, id, html, always);
      })
      .catch(function () {});
  }

  // ------------------------------------------------------------------ presence

  function presenceBox() {
    return root.querySelector("[data-live-presence]");
  }

  function showEditors() {
    var box = presenceBox();
    var old = document.querySelectorAll(".live-editing");
    for (var i = 0; i < old.length; i++) old[i].remove();
    if (!box) return;
    var people = box.querySelectorAll("[data-block]");
    for (var j = 0; j < people.length; j++) {
      var target = people[j].getAttribute("data-block");
      var label = people[j].getAttribute("data-editing");
      var element = target && BLOCK_ID.test(target) ? document.getElementById(target) : null;
      if (!element || !label) continue;
      var note = document.createElement("p");
      note.className = "govuk-body-s live-editing";
      note.textContent = label;
      element.insertBefore(note, element.firstChild);
    }
  }

  function showPresence(html) {
    var box = presenceBox();
    if (!box) return;
    box.innerHTML = html;
    processed(box);
    showEditors();
  }

  function refreshPresence() {
    window.clearTimeout(presenceTimer);
    presenceTimer = window.setTimeout(function () {
      var url = root.getAttribute("data-presence-url");
      if (!url) return;
      get(url)
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html !== null) showPresence(html);
        })
        .catch(function () {});
    }, 150);
  }

  function sendBlock() {
    var url = root.getAttribute("data-presence-url");
    if (!url || !tab || sentBlock === block) return;
    sentBlock = block;
    window
      .fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "HX-Request": "true",
          "x-csrftoken": csrfToken(),
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ block: block, tab: tab }).toString(),
      })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null) showPresence(html);
      })
      .catch(function () {
        sentBlock = null;
      });
  }

  function blockOf(element) {
    while (element && element !== document.body) {
      if (element.id && BLOCK_ID.test(element.id)) return element.id;
      element = element.parentElement;
    }
    return "";
  }

  document.addEventListener("focusin", function (event) {
    if (!event.target.matches || !event.target.matches(FIELD)) return;
    window.clearTimeout(blurTimer);
    block = blockOf(event.target);
    sendBlock();
  });
  document.addEventListener("focusout", function () {
    window.clearTimeout(blurTimer);
    blurTimer = window.setTimeout(function () {
      var active = document.activeElement;
      if (active && active.matches && active.matches(FIELD)) return;
      block = "";
      sendBlock();
    }, 1500);
  });

  // ------------------------------------------------------------------ the stream

  var source = new window.EventSource(root.getAttribute("data-stream"));

  function on(name, handle) {
    source.addEventListener(name, function (event) {
      if (handle) handle(event.data);
      document.body.dispatchEvent(
        new window.CustomEvent("live-" + name, { detail: { id: event.data } })
      );
    });
  }

  on("ready", function (id) {
    tab = id;
    opened += 1;
    status("");
    root.setAttribute("data-live-ready", String(opened));
    sentBlock = null;
    if (block) sendBlock();
    refreshPresence();
    if (opened > 1) {
      // Back after a break (a network drop, a server restart): what changed meanwhile was
      // not heard, so every section nobody is writing in is fetched again.
      var sections = document.querySelectorAll("[id^='section-']");
      for (var i = 0; i < sections.length; i++) {
        refreshSection(sections[i].id.slice("section-".length), function () {});
      }
      document.body.dispatchEvent(new window.CustomEvent("live-resync"));
    }
  });
  on("item-changed", function (id) {
    refresh("item", id);
  });
  on("objective-changed", function (id) {
    refresh("objective", id);
  });
  on("progress-recorded", function (id) {
    refresh("objective", id, true);
  });
  on("scaling-changed", function () {
    refreshSection("scaling", function () {});
  });
  on("presence", refreshPresence);
  on("ended", function () {
    source.close();
    root.setAttribute("data-live-ready", "ended");
    status("Live updates have stopped because you signed out or are no longer working with this family.");
  });
  [
    "version-changed",
    "team-changed",
    "family-changed",
    "episode-changed",
    "meeting-changed",
    "agreement-changed",
    "disagreement-changed",
    "concern-changed",
  ].forEach(function (name) {
    on(name, null);
  });
  source.addEventListener("error", function () {
    if (source.readyState === window.EventSource.CLOSED) {
      root.setAttribute("data-live-ready", "closed");
      status("Live updates have stopped. Reload the page to see other people's changes.");
    }
  });
})();
