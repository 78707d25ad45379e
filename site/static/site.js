/* Hjælp mod vold: the site's one script. Every section is its own IIFE, and every page works without
   any of them. No storage, no cookies, no requests to other sites. */

/* == Quick exit and low trace == */
(function () {
  "use strict";
  var root = document.documentElement;
  var box = document.getElementById("exit");

  // A page that answered a form (a search) must not keep the form in the tab's history: without this,
  // Reload and Back offer to send the search words again. Replacing the entry turns it into a plain GET.
  try {
    history.replaceState(history.state, "", location.href);
  } catch (e) { /* very old browsers: nothing to do */ }

  var links = document.querySelectorAll("a[data-exit]");
  if (!links.length) return;
  // Every link marked data-exit leaves this way; a page without the button (#exit) still has its links.
  var dots = box ? box.querySelectorAll(".exit-dots i") : [];
  var status = document.getElementById("exit-status") || document.createElement("span");
  var text = box ? box.dataset : {};
  var title = document.title;
  var TIMEOUT = 5000; // ms allowed between two Shift presses, as GOV.UK
  var presses = 0;
  var timer = 0;
  var shiftDown = false; // Shift is held ...
  var shiftAlone = false; // ... and nothing else was pressed meanwhile
  var leaving = false;
  var cover = null;

  function say(words) {
    status.textContent = words;
  }

  function show(count) {
    for (var i = 0; i < dots.length; i++) dots[i].classList.toggle("on", i < count);
    if (box) box.classList.toggle("exit-armed", count > 0);
  }

  function cancel(words) {
    clearTimeout(timer);
    presses = 0;
    show(0);
    say(words || "");
  }

  function leave(url) {
    if (leaving) return;
    leaving = true;
    clearTimeout(timer);
    // Blank first, in this very task: CSS hides everything but the cover, so nothing stays visible,
    // focusable or readable by a screen reader while the other site loads.
    root.classList.add("exiting");
    cover = document.createElement("div");
    cover.className = "exit-cover";
    cover.setAttribute("role", "alert");
    document.body.appendChild(cover);
    cover.textContent = text.leaving || ""; // after insertion, so screen readers announce it
    document.title = text.leaving || "";
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    // The site stores nothing; clear anyway, in case an extension or a future change did.
    try {
      localStorage.clear();
      sessionStorage.clear();
    } catch (e) { /* storage blocked: then there is nothing in it */ }
    // replace, not assign: this page leaves the tab's history, so Back cannot bring it back.
    location.replace(url);
  }

  // A page restored from the back/forward cache comes back as it was left: undo blanking and counting.
  function reset() {
    leaving = false;
    root.classList.remove("exiting");
    if (cover && cover.parentNode) cover.parentNode.removeChild(cover);
    cover = null;
    document.title = title;
    shiftDown = false;
    cancel("");
  }

  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", function (event) {
      // Every click leaves in this tab, whatever modifier is held: no new tab with this page left open.
      event.preventDefault();
      leave(this.href);
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.isComposing) return;
    if (event.key === "Shift") {
      if (!event.repeat) {
        shiftDown = true;
        shiftAlone = !(event.ctrlKey || event.altKey || event.metaKey);
      }
      return;
    }
    // Any other key: a held Shift is a modifier (Shift+A), and a sequence under way starts again.
    shiftAlone = false;
    if (presses) cancel("");
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    var counts = shiftDown && shiftAlone && !leaving;
    shiftDown = false;
    if (!counts) return;
    presses += 1;
    clearTimeout(timer);
    if (presses >= 3) {
      show(3);
      leave(links[0].href);
      return;
    }
    show(presses);
    say((presses === 1 ? text.pressTwo : text.pressOne) || "");
    timer = setTimeout(function () { cancel(text.expired); }, TIMEOUT);
  }, true);

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) reset();
  });

  if (box) box.classList.add("exit-ready");
})();

/* == Handouts: the print button == */
(function () {
  "use strict";
  // Without JavaScript the button stays hidden and the browser's own Print does the same.
  var buttons = document.querySelectorAll(".sheet-print");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();

/* == Search: results in place == */
(function () {
  "use strict";
  // Without JavaScript the form posts and the page comes back with the results. With it, the same
  // form goes by fetch and only #results changes: no new page, no history entry, focus stays put.
  var form = document.getElementById("search-form");
  var results = document.getElementById("results");
  if (!form || !results || !window.fetch || !window.URLSearchParams) return;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var pending = null;

  function announce(words) {
    if (!status) return;
    // Emptied first, so the same words ("3 results") are announced again after a new search.
    status.textContent = "";
    setTimeout(function () { status.textContent = words; }, 100);
  }

  function send() {
    if (pending) pending.abort();
    var controller = window.AbortController ? new AbortController() : null;
    pending = controller;
    results.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "X-Fragment": "results" },
      credentials: "same-origin",
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) throw new Error("search answered " + response.status);
      return response.text();
    }).then(function (html) {
      results.innerHTML = html; // our own server's escaped template, same origin
      results.removeAttribute("aria-busy");
      var title = document.getElementById("results-title");
      announce(title ? title.textContent : "");
    }).catch(function (error) {
      if (error && error.name === "AbortError") return;
      // Offline or a server hiccup: send the form the ordinary way, so the search still happens.
      results.removeAttribute("aria-busy");
      form.submit();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });

  // "Did you mean": the suggestion becomes the query, then the same in-place search.
  results.addEventListener("submit", function (event) {
    var suggestion = event.target;
    if (!suggestion.classList || !suggestion.classList.contains("suggestion")) return;
    event.preventDefault();
    var word = suggestion.querySelector("input[name=q]");
    if (word && input) input.value = word.value;
    if (input) input.focus();
    send();
  });
})();
