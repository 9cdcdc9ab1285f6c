/* Lists shown as cards on a phone (list_cards.css): each cell is labelled with its column's name;
   cells with nothing to say ("—") are marked so the card leaves them out. */
(function () {
  "use strict";
  function label() {
    var table = document.getElementById("result_list");
    if (!table) return;
    var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.classList.contains("action-checkbox-column") ? "" : th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (names[i]) cell.dataset.label = names[i];
        if (/^[—-]?$/.test(cell.textContent.trim()) && !cell.querySelector("img, input")) cell.classList.add("card-empty");
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", label);
  else label();
})();
