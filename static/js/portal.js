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
function initPickers(root) {
  if (!window.TomSelect) return;
  root.querySelectorAll("select[data-picker]").forEach(function (el) {
    if (el.tomselect) return;
    var url = el.dataset.picker;
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
      load: function (query, callback) {
        var sep = url.indexOf("?") < 0 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query), {
          credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" },
        })
          .then(function (r) { return r.json(); })
          .then(function (data) { callback(data.results); })
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
