// A translation's form: which Danish text it translates (only those that lack the language can be
// chosen for a new one), that text's words beside the form to translate from, and the stamp button
// that does what `flask content stamp` does: record that the translation matches the Danish text as
// it is now. The words and stamps come from /admin/originals.json (editor/originals.py).
/* global CMS, h, createClass */
(function () {
  "use strict";

  var asked = {};
  function originals(collection) {
    var known = asked[collection];
    if (!known || Date.now() - known.at > 5000) { // read again after a save elsewhere
      known = asked[collection] = { at: Date.now(), list: fetch("/admin/originals.json?collection=" +
        encodeURIComponent(collection)).then(function (r) { return r.json(); }) };
    }
    return known.list;
  }

  function collectionOf(props) {
    return props.field.get("collection") || (props.entry && props.entry.get("collection")) || "";
  }

  function find(list, id) {
    return (list || []).filter(function (o) { return o.id === id; })[0] || null;
  }

  // Load the collection's originals once the control is shown.
  var Loads = {
    getInitialState: function () { return { list: null }; },
    componentDidMount: function () {
      var self = this;
      originals(collectionOf(this.props)).then(function (list) { if (!self.gone) self.setState({ list: list }); });
    },
    componentWillUnmount: function () { this.gone = true; },
  };

  function danishText(original, pages) {
    if (!original) return null;
    return h("div", { className: "hmv-danish", lang: "da" },
      h("p", { className: "hmv-danish-title" }, "Den danske tekst, du oversætter fra"),
      h("dl", {},
        h("dt", {}, pages ? "Titel" : "Navn"), h("dd", {}, original.title),
        h("dt", {}, "Resumé"), h("dd", {}, original.summary),
        h("dt", {}, "Tekst"), h("dd", { className: "hmv-danish-body" }, original.body)));
  }

  var OriginalControl = createClass({
    mixins: [Loads],
    isValid: function () {
      var chosen = find(this.state.list, this.props.value);
      if (this.props.entry.get("newRecord") && chosen && chosen.translated) {
        return { error: { message: "»" + chosen.title + "« har allerede en oversættelse til dette sprog: " +
          "åbn den fra listen i stedet" } };
      }
      return true;
    },
    render: function () {
      var props = this.props;
      var list = this.state.list || [];
      var value = props.value || "";
      var pages = /^pages_/.test(collectionOf(props));
      var chosen = find(list, value);
      if (!props.entry.get("newRecord")) { // an existing translation keeps its original
        return h("div", { id: props.forID, className: props.classNameWrapper },
          h("p", { className: "hmv-original-name" }, chosen ? chosen.title : value), danishText(chosen, pages));
      }
      var open = list.filter(function (o) { return !o.translated; });
      var options = [h("option", { key: "", value: "" }, open.length ?
        "Vælg den danske tekst" : "Alle tekster har allerede en oversættelse til dette sprog")];
      open.forEach(function (o) { options.push(h("option", { key: o.id, value: o.id }, o.title)); });
      return h("div", {},
        h("select", {
          id: props.forID,
          className: props.classNameWrapper,
          value: value,
          onChange: function (event) { props.onChange(event.target.value); },
          onFocus: props.setActiveStyle,
          onBlur: props.setInactiveStyle,
        }, options),
        danishText(chosen, pages));
    },
  });

  var StampControl = createClass({
    mixins: [Loads],
    mark: function (original) {
      var question = "Siger oversættelsen nu det samme som den danske tekst »" + original.title + "«?\n\n" +
        "Så markeres den som passende til den danske tekst, som den er nu. Tryk derefter Publicer for at gemme.";
      if (window.confirm(question)) {
        this.props.onChange(original.stamp);
        this.setState({ marked: true });
      }
    },
    render: function () {
      var props = this.props;
      var self = this;
      var original = find(this.state.list, props.entry.getIn(["data", "of"]));
      var value = props.value || "";
      var said;
      if (!original) said = "Vælg først den danske tekst under »Oversættelse af«.";
      else if (this.state.marked && value === original.stamp) said = "Markeret. Tryk Publicer for at gemme markeringen.";
      else if (value === original.stamp) said = "Oversættelsen passer til den danske tekst, som den er nu.";
      else if (value) said = "Den danske tekst er ændret, siden oversættelsen blev markeret. Ret oversættelsen, " +
        "så den siger det samme, og tryk så på knappen.";
      else said = "Oversættelsen er ikke markeret endnu. Tryk på knappen, når den er færdig.";
      return h("div", { id: props.forID, className: props.classNameWrapper + " hmv-stamp" },
        h("p", { role: "status" }, said),
        original ? h("button", {
          type: "button",
          className: "hmv-stamp-button",
          disabled: value === original.stamp,
          onClick: function () { self.mark(original); },
        }, "Markér som passende til den danske tekst") : null);
    },
  });

  var Nothing = createClass({ render: function () { return null; } });
  CMS.registerWidget("hmv-original", OriginalControl, Nothing);
  CMS.registerWidget("hmv-stamp", StampControl, Nothing);
})();
