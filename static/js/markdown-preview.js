// The report's Markdown, rendered as the public page will show it, beside the field while the editor types.
// The server renders and sanitises it (render_markdown: Markdown + nh3), so what is shown here is safe HTML.
(function () {
  "use strict";
  function start() {
    var field = document.getElementById("id_report");
    var form = document.getElementById("meeting_form");
    if (!field || !form) { return; }
    var url = field.getAttribute("data-preview-url") || "../../markdown-preview/";
    var box = document.createElement("div");
    box.className = "markdown-preview";
    box.setAttribute("aria-live", "polite");
    box.setAttribute("id", "report-live-preview");
    field.parentNode.insertBefore(box, field.nextSibling);
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var timer = null;
    function render() {
      var body = new URLSearchParams();
      body.append("text", field.value);
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {"X-CSRFToken": token ? token.value : "", "Content-Type": "application/x-www-form-urlencoded"},
        body: body.toString()
      }).then(function (response) {
        return response.ok ? response.text() : "";
      }).then(function (html) {
        box.innerHTML = html;
      });
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(render, 300);
    });
    render();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
