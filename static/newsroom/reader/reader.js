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

  function setUpSharing() {
    var copy = document.querySelector("[data-copy-link]");
    if (copy && navigator.clipboard) {
      copy.closest("li").hidden = false;
      copy.addEventListener("click", function () {
        var status = document.querySelector("[data-copy-status]");
        navigator.clipboard.writeText(copy.getAttribute("data-share-url")).then(
          function () { status.textContent = "Link copied"; },
          function () { status.textContent = "Could not copy; copy the address bar instead"; }
        );
      });
    }
    var native = document.querySelector("[data-share-native]");
    var phone = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    if (native && navigator.share && phone) {
      native.closest("li").hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: native.getAttribute("data-share-title"), url: native.getAttribute("data-share-url") })
          .catch(function () { /* the reader closed the share sheet */ });
      });
    }
  }

  function fetchText(url) {
    return fetch(url, { cache: "no-cache", credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    });
  }

  /* Live blogs: ask for the update list every data-live-seconds and swap it in when it changed. */
  function setUpLiveBlog() {
    var blog = document.querySelector("[data-live-blog]");
    if (!blog) return;
    var seconds = parseInt(blog.getAttribute("data-live-seconds"), 10);
    var region = blog.querySelector("[data-live-updates]");
    if (!seconds || !region) return;
    function refresh() {
      if (document.hidden) return;
      fetchText(blog.getAttribute("data-live-url")).then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector(".live-updates");
        var old = region.querySelector(".live-updates");
        if (fresh && (!old || fresh.getAttribute("data-live-newest") !== old.getAttribute("data-live-newest") ||
                      fresh.getAttribute("data-live-count") !== old.getAttribute("data-live-count"))) {
          region.replaceChildren(fresh);
        }
      }).catch(function () { /* offline or gone: keep what we show */ });
    }
    window.setInterval(refresh, seconds * 1000);
    document.addEventListener("visibilitychange", refresh);
  }

  /* The banner's label ("Breaking") as a badge before the flagged story's headline wherever the page lists
     it, and on its own page; removed with the banner at its end time. */
  function markBreaking(flag) {
    var targets = Array.prototype.slice.call(document.querySelectorAll(
      '.card-headline a[href="' + CSS.escape(flag.url) + '"], .headline-list a[href="' + CSS.escape(flag.url) + '"]'));
    var own = document.querySelector(".story-header h1");
    if (own && window.location.pathname === flag.url) targets.push(own);
    var label = flag.label.trim().toLowerCase();
    return targets.filter(function (target) {  /* no second badge saying the same ("Live" on a live blog) */
      return !Array.prototype.some.call(target.querySelectorAll(".badge"), function (badge) {
        return badge.textContent.replace(":", "").trim().toLowerCase() === label;
      });
    }).map(function (target) {
      var badge = document.createElement("span");
      badge.className = "badge badge-breaking";
      badge.textContent = flag.label;
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = ":";
      badge.appendChild(hidden);
      target.insertBefore(badge, target.firstChild);
      return badge;
    });
  }

  /* The breaking-news banner: fetched, never part of the cached page, hidden again at its end time. */
  function setUpBreaking() {
    var slot = document.querySelector("[data-breaking-url]");
    if (!slot) return;
    fetch(slot.getAttribute("data-breaking-url"), { credentials: "omit" }).then(function (response) {
      return response.ok ? response.json() : {};
    }).then(function (flag) {
      if (!flag || !flag.url) return;
      var left = Date.parse(flag.ends_at) - Date.now();
      if (!(left > 0)) return;
      var banner = document.createElement("p");
      banner.className = "breaking-banner";
      var label = document.createElement("strong");
      label.textContent = flag.label + ": ";
      var link = document.createElement("a");
      link.href = flag.url;
      link.textContent = flag.headline;
      banner.appendChild(label);
      banner.appendChild(link);
      slot.replaceChildren(banner);
      var badges = markBreaking(flag);
      window.setTimeout(function () {
        slot.replaceChildren();
        badges.forEach(function (badge) { badge.remove(); });
      }, Math.min(left, 2147483647));
    }).catch(function () {});
  }

  /* Most read is rendered into the page; a live story's page counts itself once, after load, with the
     page's signed token (articles/reader/view_counting.py). No cookie, nothing about the reader. */
  function sendViewBeacon() {
    var story = document.querySelector("[data-view-beacon]");
    if (!story || !navigator.sendBeacon) return;
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        navigator.sendBeacon(story.getAttribute("data-view-beacon"),
                             new URLSearchParams({ token: story.getAttribute("data-view-token") }));
      }, 1000);
    });
  }

  window.newsroomReader = { setUpThemeToggle: setUpThemeToggle };
  setUpThemeToggle();
  setUpSharing();
  setUpLiveBlog();
  setUpBreaking();
  sendViewBeacon();
})();
