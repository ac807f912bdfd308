// Behaviour the templates used to carry inline (the Content-Security-Policy allows no inline script).
// A control marked data-autosubmit submits its form when changed (the language menu).
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-autosubmit]") && e.target.form) e.target.form.submit();
});

// “换一题” next to a captcha: fetch a new challenge and put its key and image in place.
document.addEventListener("click", function (e) {
  var button = e.target.closest("[data-captcha-refresh]");
  if (!button) return;
  var box = button.closest("[data-captcha]");
  fetch(button.dataset.captchaRefresh, { headers: { "X-Requested-With": "XMLHttpRequest" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      box.querySelector("img.captcha").src = data.image_url;
      box.querySelector("input[type=hidden]").value = data.key;
      var answer = box.querySelector("input[type=text]");
      if (answer) { answer.value = ""; answer.focus(); }
    });
});

// Searchable pickers (core.forms.PickerSelect): a <select data-picker="/pickers/region/"> becomes a
// Tom Select that asks the portal for at most 20 matches of what is typed, by name or code.
// data-picker-value names the key the form receives (a code or an id).
// The portal's answer is the list, in its order (a street before its communities): Tom Select
// would otherwise match what earlier searches left behind on their labels and rank it first.
// A picker may follow another field: data-picker-param-from (that field's id) and
// data-picker-param-map (its value → the parameter data-picker-param: "" any, null nothing to
// choose) — the region picker of an account follows the role being given.
function pickerUrl(el) {
  var url = el.dataset.picker;
  var from = el.dataset.pickerParamFrom && document.getElementById(el.dataset.pickerParamFrom);
  if (!from) return url;
  var value = JSON.parse(el.dataset.pickerParamMap || "{}")[from.value];
  if (value === undefined || value === null || value === "") return url;
  return url + (url.indexOf("?") < 0 ? "?" : "&") + encodeURIComponent(el.dataset.pickerParam) + "=" + encodeURIComponent(value);
}
function followField(el) {
  var from = el.dataset.pickerParamFrom && document.getElementById(el.dataset.pickerParamFrom);
  if (!from) return;
  var apply = function (changed) {
    var ts = el.tomselect;
    var value = JSON.parse(el.dataset.pickerParamMap || "{}")[from.value];
    if (changed) {
      // Forget what was offered for the other role: the next look asks the portal again.
      ts.clear(); ts.clearOptions(); ts.loadedSearches = {};
      ts.wrapper.classList.remove("preloaded");
      if (ts.isFocused) ts.preload();
    }
    if (value === null) ts.disable(); else ts.enable();
  };
  from.addEventListener("change", function () { apply(true); });
  apply(false);
}
function initPickers(root) {
  if (!window.TomSelect) return;
  root.querySelectorAll("select[data-picker]").forEach(function (el) {
    if (el.tomselect) return;
    var noResults = el.dataset.noResults || "—";
    new TomSelect(el, {
      valueField: el.dataset.pickerValue || "id",
      labelField: "text",
      searchField: ["text"],
      maxOptions: 20,
      loadThrottle: 250,
      preload: "focus",
      create: el.dataset.pickerCreate === "true",
      plugins: el.multiple ? ["remove_button"] : ["clear_button"],
      score: function () { return function () { return 1; }; },
      sortField: [{ field: "$order" }],
      load: function (query, callback) {
        var self = this;
        var url = pickerUrl(el);
        var sep = url.indexOf("?") < 0 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query), {
          credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" },
        })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            self.clearOptions();
            self.loadedSearches = {};
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = noResults;
          return div;
        },
      },
    });
    followField(el);
  });
}
// A long multi-select of known options (<select multiple data-searchable>): type to filter, click to add.
function initSearchable(root) {
  if (!window.TomSelect) return;
  root.querySelectorAll("select[data-searchable]").forEach(function (el) {
    if (!el.tomselect) new TomSelect(el, { plugins: ["remove_button"], maxOptions: 500 });
  });
}
document.addEventListener("DOMContentLoaded", function () { initPickers(document); initSearchable(document); });
document.addEventListener("htmx:afterSwap", function (e) { initPickers(e.target); });

// Staff tables read as cards on a phone: each cell gets its column's heading as data-label and the
// table the class table-stacked (static/css/portal.css lays it out below 576 px). Every list in
// a .table-responsive with four or more columns takes part; data-no-stack opts a table out.
function stackTables(root) {
  root.querySelectorAll(".table-responsive > table:not([data-no-stack])").forEach(function (table) {
    var heads = [];
    table.querySelectorAll("thead tr:last-child th").forEach(function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) heads.push(th.textContent.trim());
    });
    if (heads.length < 4) return;
    table.classList.add("table-stacked");
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var col = 0;
      Array.prototype.forEach.call(tr.children, function (td) {
        if (td.colSpan === 1 && heads[col] && !td.hasAttribute("data-label")) td.setAttribute("data-label", heads[col]);
        col += td.colSpan || 1;
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { stackTables(document); });
document.addEventListener("htmx:afterSwap", function (e) { stackTables(e.target.closest(".table-responsive") ? e.target.closest(".table-responsive").parentNode : e.target); });
