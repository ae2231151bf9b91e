// A statement's source, chosen before the meeting is first saved: every source row typed into the form (and not
// saved yet) is offered in the statements' "Source" lists as "new-<row>", kept up to date as the editor types.
// The server saves the sources first and links each statement to the row it chose (MeetingAdmin.save_related).
(function () {
  "use strict";
  function newSources() {
    var found = [];
    document.querySelectorAll("#sources-group tr.form-row:not(.empty-form)").forEach(function (row) {
      var match = /^sources-(\d+)$/.exec(row.id || "");
      if (!match) { return; }
      var index = match[1];
      var id = document.getElementById("id_sources-" + index + "-id");
      var removed = document.getElementById("id_sources-" + index + "-DELETE");
      if ((id && id.value) || (removed && removed.checked)) { return; }
      var title = document.getElementById("id_sources-" + index + "-title");
      var url = document.getElementById("id_sources-" + index + "-url");
      var label = (title && title.value.trim()) || (url && url.value.trim());
      if (label) { found.push({value: "new-" + index, label: "New source: " + label}); }
    });
    return found;
  }
  function refresh() {
    var sources = newSources();
    document.querySelectorAll("select.statement-source").forEach(function (select) {
      if (select.name.indexOf("__prefix__") !== -1) { return; }
      var chosen = select.value || select.getAttribute("data-value") || "";
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (option.value.indexOf("new-") === 0) { option.remove(); }
      });
      sources.forEach(function (source) {
        var option = document.createElement("option");
        option.value = source.value;
        option.textContent = source.label;
        select.appendChild(option);
      });
      if (chosen) { select.value = chosen; }
      if (select.value !== chosen && chosen.indexOf("new-") === 0) { select.value = ""; }
      select.removeAttribute("data-value");
    });
  }
  function start() {
    var group = document.getElementById("sources-group");
    if (!group) { return; }
    group.addEventListener("input", refresh);
    group.addEventListener("change", refresh);
    document.addEventListener("formset:added", refresh);
    document.addEventListener("formset:removed", refresh);
    refresh();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
