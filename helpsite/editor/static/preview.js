// The preview pane in the site's look: site.css and the markup of service.html and page.html, in
// the entry's language and direction.
/* global CMS, h, createClass */
(function () {
  "use strict";
  var RTL = [];
  var CALL = { phone: "Ring", sms: "Send sms", email: "E-mail", web: "Hjemmeside" };

  CMS.registerPreviewStyle("/admin/site.css");

  function langOf(collection) {
    var name = collection.get("name");
    var match = /_([a-z]{2})$/.exec(name);
    return match ? match[1] : "da";
  }

  function list(value) {
    return value && value.toJS ? value.toJS() : value || [];
  }

  function contact(c) {
    var kind = c.kind || "web";
    var cls = "contact contact-" + kind;
    var inner = kind === "phone" || kind === "sms" ? h("bdi", { className: "num" }, c.value) : h("bdi", { className: "addr" }, c.value);
    return h("li", { key: kind + c.value }, h("span", { className: cls }, h("span", { className: "contact-kind" }, CALL[kind] || kind), " ", inner));
  }

  // A source is a web address, or (dated sources) {url or title, date}: shown as a reader reads it.
  function sourceText(source) {
    if (typeof source === "string") return source.replace(/^https?:\/\/(www\.)?/, "");
    var name = source.url ? source.url.replace(/^https?:\/\/(www\.)?/, "") : source.title || "";
    return source.date ? name + " (" + source.date + ")" : name;
  }

  function hoursText(hours) {
    if (!hours) return null;
    if (hours.always) return "Døgnåbent";
    var slots = hours.slots || [];
    return slots.map(function (s) { return s.days + " " + s.open + "–" + s.close; }).join(", ") || null;
  }

  var Entry = createClass({
    render: function () {
      var entry = this.props.entry;
      var data = entry.get("data");
      var lang = langOf(this.props.collection);
      var get = function (k) { var v = data.get(k); return v && v.toJS ? v.toJS() : v; };
      var isService = /^services/.test(this.props.collection.get("name"));
      var title = get(isService ? "name" : "title");
      var facts = [];
      if (isService && lang === "da") {
        var hours = hoursText(get("hours"));
        if (hours) facts.push(h("dt", { key: "h" }, "Åbningstider"), h("dd", { key: "hd" }, hours));
        if (get("free")) facts.push(h("dt", { key: "f" }, "Pris"), h("dd", { key: "fd" }, "Gratis"));
        if (get("anonymous")) facts.push(h("dt", { key: "a" }, "Anonymt"), h("dd", { key: "ad" }, "Du behøver ikke sige dit navn."));
      }
      var sources = list(get("sources"));
      // The day a person confirmed the facts: `confirmed`, which the form holds as a list of one.
      var checked = (list(get("confirmed"))[0] || {}).date;
      return h("div", { lang: lang, dir: RTL.indexOf(lang) >= 0 ? "rtl" : "ltr" },
        h("main", { id: "main" },
          isService && lang === "da" ? h("p", { className: "crumb" }, get("category")) : null,
          h("h1", {}, title),
          h("p", { className: "lead" }, get("summary")),
          isService && lang === "da" ? h("section", { className: "reach" },
            h("h2", {}, "Sådan kommer du i kontakt"),
            h("ul", { className: "contact-list" }, list(get("contacts")).map(contact))) : null,
          facts.length ? h("dl", { className: "facts" }, facts) : null,
          h("div", { className: "body" }, this.props.widgetFor("body")),
          checked ? h("p", { className: "checked" }, "Tjekket " + checked + ". ",
            sources.length ? (sources.length === 1 ? "Kilde: " : "Kilder: ") : null,
            sources.map(function (source, i) { return h("bdi", { key: i }, (i ? " · " : "") + sourceText(source)); })) : null));
    },
  });

  // The collections and right-to-left languages come from the content model (languages.json).
  fetch("/admin/languages.json").then(function (r) { return r.json(); }).then(function (model) {
    RTL = model.rtl;
    model.collections.forEach(function (name) { CMS.registerPreviewTemplate(name, Entry); });
  });
})();
