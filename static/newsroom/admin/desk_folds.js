/* The writing desk's side panel folds: each section is a <details>. On a wide screen they are open (the
   few marked "desk-folded", like SEO and Import, start folded); where the panel stacks under the body
   (1024 px and less: a phone, a small tablet) they start folded, Status excepted. What the editor opens or
   folds is remembered in this browser, separately for the wide and the narrow layout, and kept across
   saves and reloads; a section holding an error is always opened. Folding hides nothing from the form:
   folded fields are still saved, autosaved and previewed. */
(function () {
  "use strict";

  var narrow = window.matchMedia("(max-width: 1024px)");
  var STORE = "newsroom.desk.folds";

  function folds() {
    return Array.prototype.slice.call(document.querySelectorAll(
      ".desk-layout .desk-side details, .desk-layout .editorial-panel details.desk-fold"));
  }
  function name(fold) {
    var summary = fold.querySelector("summary");
    var heading = summary && (summary.querySelector("h2") || summary);
    return heading && heading.firstChild ? heading.firstChild.textContent.trim() : "";
  }
  function remembered() {
    try { return JSON.parse(window.localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  function remember(fold) {
    var all = remembered();
    var layout = narrow.matches ? "narrow" : "wide";
    all[layout] = all[layout] || {};
    all[layout][name(fold)] = fold.open;
    try { window.localStorage.setItem(STORE, JSON.stringify(all)); } catch (e) { /* private mode: not kept */ }
  }
  function byDefault(fold) {
    if (narrow.matches) return fold.dataset.foldPhone === "open";
    return !fold.closest(".desk-folded");
  }
  function arrange() {
    var kept = remembered()[narrow.matches ? "narrow" : "wide"] || {};
    folds().forEach(function (fold) {
      var open = fold.querySelector(".errorlist, .errors") ? true
        : (name(fold) in kept ? kept[name(fold)] : byDefault(fold));
      fold.dataset.arranged = String(open);
      fold.open = open;
    });
  }

  arrange();
  folds().forEach(function (fold) {
    fold.classList.add("desk-fold");
    fold.addEventListener("toggle", function () {
      if (String(fold.open) === fold.dataset.arranged) return;  // our own arranging, not the editor
      fold.dataset.arranged = String(fold.open);
      remember(fold);
    });
  });
  narrow.addEventListener("change", arrange);
})();
