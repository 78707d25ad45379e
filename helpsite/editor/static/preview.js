// The preview pane is the site's own page: the editor's server renders the unsaved form with the
// public site's templates, filters and CSS (POST /admin/preview, editor/preview.py), in the entry's
// language and direction, and the pane shows that page in a frame. A form the check would refuse
// shows its problems in Danish instead.
/* global CMS, h, createClass */
(function () {
  "use strict";
  var WAIT = 400; // ms after the last keystroke before the page is rendered again

  function plain(value) {
    return value && value.toJS ? value.toJS() : value;
  }

  var Entry = createClass({
    getInitialState: function () { return { html: "", height: 900 }; },
    componentDidMount: function () { this.asked = 0; this.ask(0); },
    componentDidUpdate: function (before) {
      if (before.entry !== this.props.entry) this.ask(WAIT);
    },
    componentWillUnmount: function () { clearTimeout(this.timer); this.gone = true; },
    ask: function (wait) {
      var self = this;
      clearTimeout(this.timer);
      this.timer = setTimeout(function () {
        var entry = self.props.entry;
        var sent = {
          collection: self.props.collection.get("name"),
          path: entry.get("path") || "",
          data: plain(entry.get("data")) || {},
        };
        var number = ++self.asked; // only the answer to the last question is shown
        fetch("/admin/preview", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(sent),
        }).then(function (r) { return r.text(); }).then(function (html) {
          if (!self.gone && number === self.asked) self.setState({ html: html });
        });
      }, wait);
    },
    // The frame as tall as its page, so the pane scrolls the page as the reader's browser would.
    fit: function (event) {
      var doc = event.target.contentDocument;
      if (!doc || !doc.documentElement) return;
      this.setState({ height: doc.documentElement.scrollHeight + 16 });
      // The problems instead of a page are short: show them from the top, not the pane's old scroll.
      var pane = event.target.ownerDocument.defaultView;
      if (doc.querySelector(".problems") && pane) pane.scrollTo(0, 0);
    },
    render: function () {
      // Decap's round buttons float at the pane's right edge in every language: the page keeps clear
      // of them (in Arabic its title and the 112 box are on that side).
      return h("div", { style: { margin: 0, paddingRight: "56px" } },
        h("p", { className: "hmv-preview-bar", style: {
          margin: 0, padding: "14px 16px", minHeight: "28px", font: "15px/1.4 system-ui, sans-serif",
          background: "#eef3fb", borderBottom: "1px solid #5a7bb5", color: "#1d1d1d",
        } }, "Sådan ser siden ud på hjemmesiden (ikke gemt endnu)"),
        h("iframe", {
          title: "Forhåndsvisning af siden",
          className: "hmv-preview-page",
          srcDoc: this.state.html,
          sandbox: "allow-same-origin", // the page's own script never runs here; its links go nowhere
          onLoad: this.fit,
          style: { display: "block", width: "100%", height: this.state.height + "px", border: 0 },
        }));
    },
  });

  // The collections with a page on the site come from the content model (languages.json).
  fetch("/admin/languages.json").then(function (r) { return r.json(); }).then(function (model) {
    model.collections.forEach(function (name) { CMS.registerPreviewTemplate(name, Entry); });
  });
})();
