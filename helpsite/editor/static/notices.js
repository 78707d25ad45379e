// What the editor says, in the communications team's Danish, and until it is read: the server's
// refusals and warnings in a box that stays until closed (Decap's own toasts vanish after seconds),
// the form's rules as plain sentences, a deletion that names what it deletes, and the site's name on
// the login screen.
/* global CMS */
(function () {
  "use strict";

  // Decap's Danish, where it shouted, hid the reason or asked about "dette dokument".
  var da = CMS.getLocale("da");
  da.ui.toast.onFailToPersist = "Ikke gemt. Læs hvorfor i boksen øverst på siden.";
  da.ui.toast.onFailToDelete = "Ikke slettet. Læs hvorfor i boksen øverst på siden.";
  da.ui.toast.onFailToPublishEntry = "Ikke udgivet. Læs hvorfor i boksen øverst på siden.";
  da.ui.toast.onFailToUpdateStatus = "Status er ikke ændret. Læs hvorfor i boksen øverst på siden.";
  // Said beside the title when nothing is unsaved: true of a new, empty form too ("Ændringer gemt" was not).
  da.editor.editorToolbar.changesSaved = "Ingen ugemte ændringer";
  da.editor.editorControlPane.widget.regexPattern = "%{pattern}.";
  da.editor.editorControlPane.widget.required = "»%{fieldLabel}« skal udfyldes.";
  var DELETE_QUESTIONS = [da.editor.editor.onDeletePublishedEntry, da.editor.editor.onDeleteWithUnsavedChanges];

  // The actions whose refusal the editor must read: a save, a deletion, a step of the review.
  var CHANGES = ["persistEntry", "deleteFile", "deleteFiles", "publishUnpublishedEntry",
    "updateUnpublishedEntryStatus", "deleteUnpublishedEntry"];

  function box() { return document.getElementById("hmv-notice"); }

  function close() {
    var notice = box();
    notice.hidden = true;
    notice.textContent = "";
  }

  // Show `lines` under `heading` until the editor closes the box ("error" or "warning").
  function show(kind, heading, lines) {
    var notice = box();
    notice.textContent = "";
    notice.className = "hmv-notice hmv-" + kind;
    var title = document.createElement("p");
    title.className = "hmv-notice-title";
    title.textContent = heading;
    var list = document.createElement("ul");
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Luk";
    button.addEventListener("click", close);
    notice.append(title, list, button);
    notice.hidden = false;
    button.focus();
  }

  function actionOf(init) {
    try { return JSON.parse((init && init.body) || "{}").action; } catch (e) { return null; }
  }

  // Every API answer passes here: a refused change or a save with warnings is shown in the box.
  var realFetch = window.fetch;
  window.fetch = function (input, init) {
    var answer = realFetch.apply(this, arguments);
    var url = typeof input === "string" ? input : input.url;
    var action = actionOf(init);
    if (url.indexOf("/api/v1") === -1 || CHANGES.indexOf(action) === -1) return answer;
    return answer.then(function (response) {
      response.clone().json().then(function (body) {
        if (!response.ok) {
          var error = String((body && body.error) || "Serveren svarede ikke som ventet. Prøv igen.");
          var refused = error.indexOf("Ikke gemt. ") === 0;
          var heading = refused ? "Ikke gemt" : action.indexOf("delete") === 0 ? "Ikke slettet" : "Ikke udført";
          show("error", heading, (refused ? error.slice(11) : error).split("\n"));
        } else if (body && body.warnings && body.warnings.length) {
          show("warning", "Gemt. Men tjek dette:", body.warnings);
        } else {
          close(); // the mistake the box named is fixed
        }
      }, function () {});
      return response;
    });
  };

  // The entry open in the form: "tilbuddet »Danner« (danner)".
  function openEntry() {
    var match = location.hash.match(/collections\/([^/]+)\/entries\/([^/?]+)/);
    if (!match) return "denne tekst";
    var kind = match[1].split("_");
    var title = "";
    document.querySelectorAll("label").forEach(function (label) {
      var input = document.getElementById(label.getAttribute("for"));
      if (!title && input && /^(Navn|Titel)\b/.test(label.textContent.trim())) title = input.value;
    });
    var what = kind[0] === "pages" ? "siden" : "tilbuddet";
    var named = "»" + (title || match[2]) + "« (" + match[2] + ")";
    return kind[1] ? "oversættelsen (" + kind[1] + ") af " + what + " " + named : what + " " + named;
  }

  // Decap asks "Er du sikker på at du vil slette dette dokument?": ask about the entry by its name.
  var realConfirm = window.confirm.bind(window);
  window.confirm = function (message) {
    var at = DELETE_QUESTIONS.indexOf(message);
    if (at === -1) return realConfirm(message);
    var unsaved = at === 1 ? "\n\nDu har også ændringer, der ikke er gemt: de forsvinder med." : "";
    return realConfirm("Vil du slette " + openEntry() + "?\n\nDen forsvinder fra siden for alle, " +
      "når den er slettet." + unsaved);
  };

  // The site's name above the login button only: once the editor is open, Decap's header names it.
  var pending = false;
  function heading() {
    pending = false;
    var login = Array.prototype.some.call(document.querySelectorAll("button"), function (b) {
      return b.textContent.trim() === da.auth.login;
    });
    document.getElementById("hmv-site").hidden = !login;
  }
  new MutationObserver(function () {
    if (!pending) { pending = true; requestAnimationFrame(heading); }
  }).observe(document.body, { childList: true, subtree: true });
})();
