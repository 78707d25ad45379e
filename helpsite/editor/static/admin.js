// The editor's own widgets. The rules and messages mirror `flask content check` (CONTENT.md's
// Danish words); the server still runs the check on every save.
/* global CMS, h, createClass */
(function () {
  "use strict";

  // Today in Copenhagen, the check's time zone, as YYYY-MM-DD ("sv-SE" formats dates that way).
  function today() {
    return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Copenhagen" }).format(new Date());
  }

  // A date field: YYYY-MM-DD text, never in the future ("'confirmed' is in the future").
  var DateControl = createClass({
    isValid: function () {
      var value = this.props.value;
      if (!value) return true; // "required" is Decap's own rule, with its own Danish message
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || isNaN(Date.parse(value))) {
        return { error: { message: "Ikke en dato: skriv den som år-måned-dag, fx " + today() } };
      }
      if (value > today()) {
        return { error: { message: "Datoen ligger i fremtiden: skriv den dag, oplysningerne sidst blev tjekket" } };
      }
      return true;
    },
    render: function () {
      var props = this.props;
      return h("input", {
        type: "date",
        id: props.forID,
        className: props.classNameWrapper,
        value: props.value || "",
        max: today(),
        onChange: function (event) { props.onChange(event.target.value); },
        onFocus: props.setActiveStyle,
        onBlur: props.setInactiveStyle,
      });
    },
  });
  var DatePreview = createClass({
    render: function () { return h("span", {}, this.props.value || ""); },
  });
  CMS.registerWidget("hmv-date", DateControl, DatePreview);

  // One id under a situation's `services:`: a service or a page of the content, chosen by its title.
  // The choices come from the content as it is now (/admin/targets.json), read again after a while
  // so that a service added in this session can be chosen.
  var targets = null;
  var fetched = 0;
  function loadTargets() {
    if (!targets || Date.now() - fetched > 10000) {
      fetched = Date.now();
      targets = fetch("/admin/targets.json").then(function (r) { return r.json(); });
    }
    return targets;
  }

  var TargetControl = createClass({
    getInitialState: function () { return { known: null }; },
    componentDidMount: function () {
      var self = this;
      loadTargets().then(function (known) { self.setState({ known: known }); });
    },
    isValid: function () {
      var known = this.state.known;
      var value = this.props.value;
      if (!value || !known) return true; // "required" is Decap's own rule; the server checks the rest
      var found = known.targets.some(function (t) { return t.id === value; });
      return found ? true : { error: { message: "'" + value + "' er hverken et tilbud eller en side: vælg et på listen" } };
    },
    render: function () {
      var props = this.props;
      var known = this.state.known || { groups: {}, targets: [] };
      var value = props.value || "";
      var groups = Object.keys(known.groups).map(function (kind) {
        var options = known.targets.filter(function (t) { return t.kind === kind; }).map(function (t) {
          return h("option", { key: t.id, value: t.id }, t.title === t.id ? t.id : t.title + " · " + t.id);
        });
        return h("optgroup", { key: kind, label: known.groups[kind] }, options);
      });
      var listed = known.targets.some(function (t) { return t.id === value; });
      var first = [h("option", { key: "", value: "" }, "Vælg et tilbud eller en side")];
      if (value && !listed) first.push(h("option", { key: value, value: value }, value + " (findes ikke)"));
      return h("select", {
        id: props.forID,
        className: props.classNameWrapper,
        value: value,
        onChange: function (event) { props.onChange(event.target.value); },
        onFocus: props.setActiveStyle,
        onBlur: props.setInactiveStyle,
      }, first.concat(groups));
    },
  });
  var TargetPreview = createClass({
    render: function () { return h("span", {}, this.props.value || ""); },
  });
  CMS.registerWidget("hmv-target", TargetControl, TargetPreview);

  // A situation's example sentences in a box that wraps, one sentence per line: Decap's own list
  // is one line per item with buttons, too heavy for a hundred sentences. Empty lines are left out.
  function items(value) {
    var list = value && value.toJS ? value.toJS() : value || [];
    return Array.isArray(list) ? list : [String(list)];
  }
  function split(text) {
    return text.split("\n").map(function (s) { return s.trim(); }).filter(function (s) { return s !== ""; });
  }
  var SentencesControl = createClass({
    getInitialState: function () { return { text: null }; }, // the text being typed, while focused
    render: function () {
      var props = this.props;
      var self = this;
      var text = this.state.text !== null ? this.state.text : items(props.value).join("\n");
      return h("textarea", {
        id: props.forID,
        className: props.classNameWrapper + " hmv-sentences",
        value: text,
        rows: Math.min(30, Math.max(3, text.split("\n").length + 1)),
        onChange: function (event) {
          self.setState({ text: event.target.value });
          props.onChange(split(event.target.value));
        },
        onFocus: props.setActiveStyle,
        onBlur: function () { self.setState({ text: null }); props.setInactiveStyle(); },
      });
    },
  });
  var SentencesPreview = createClass({
    render: function () { return h("span", {}, items(this.props.value).join(" · ")); },
  });
  CMS.registerWidget("hmv-sentences", SentencesControl, SentencesPreview);
})();
