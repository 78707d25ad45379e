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
})();
