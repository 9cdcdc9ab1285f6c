/* The reader site's only script: small enhancements, every page reads fine without it.
   Loaded with `defer` from static files (no inline handlers), so a strict Content-Security-Policy holds. */
(function () {
  "use strict";
  var root = document.documentElement;
  var THEME_KEY = "newsroom-theme";

  function currentTheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function setUpThemeToggle() {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    function show() { button.setAttribute("aria-pressed", currentTheme() === "dark" ? "true" : "false"); }
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(THEME_KEY, next); } catch (e) { /* private mode: the choice lasts this page */ }
      show();
    });
  }

  window.newsroomReader = { setUpThemeToggle: setUpThemeToggle };
  setUpThemeToggle();
})();
