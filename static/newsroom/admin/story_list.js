/* "Columns": each editor chooses which columns of the story list to see (kept in this browser). */
(function () {
  "use strict";
  var KEY = "newsroom-story-columns-hidden";

  function start() {
    var table = document.getElementById("result_list");
    if (!table) return;
    var headers = Array.prototype.filter.call(table.querySelectorAll("thead th"), function (th) {
      return /\bcolumn-/.test(th.className) && !th.classList.contains("action-checkbox-column") &&
        !th.classList.contains("column-headline");
    });
    var hidden = JSON.parse(window.localStorage.getItem(KEY) || "[]");
    var box = document.createElement("div");
    box.className = "story-columns";
    box.innerHTML = '<button type="button" class="button" aria-expanded="false">Columns</button>' +
      '<fieldset hidden><legend class="visually-hidden">Columns to show</legend></fieldset>';
    var toggle = box.querySelector("button"), panel = box.querySelector("fieldset");
    headers.forEach(function (th) {
      var name = (th.className.match(/column-([\w-]+)/) || [])[1];
      var label = document.createElement("label"), check = document.createElement("input");
      check.type = "checkbox";
      check.checked = hidden.indexOf(name) < 0;
      check.addEventListener("change", function () {
        hidden = hidden.filter(function (n) { return n !== name; });
        if (!check.checked) hidden.push(name);
        window.localStorage.setItem(KEY, JSON.stringify(hidden));
        apply();
      });
      label.appendChild(check);
      label.appendChild(document.createTextNode(" " + th.textContent.trim()));
      panel.appendChild(label);
    });
    function apply() {
      headers.forEach(function (th) {
        var name = (th.className.match(/column-([\w-]+)/) || [])[1];
        var show = hidden.indexOf(name) < 0;
        table.querySelectorAll(".column-" + name + ", .field-" + name).forEach(function (cell) { cell.hidden = !show; });
      });
    }
    toggle.addEventListener("click", function () {
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", String(!panel.hidden));
    });
    var results = document.querySelector(".results") || table;
    results.parentNode.insertBefore(box, results);
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
