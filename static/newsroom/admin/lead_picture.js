/* The lead-picture picker (articles/admin/lead_picture.py): search the library, see thumbnails with their
   description and credit, choose with a click, a tap or the keyboard (arrows move, Enter chooses, Escape
   closes). The choice goes into the field's own hidden <select>, so saving, autosave, restore and the live
   preview read it like any other field; a picture set there by someone else (a drop on the lead slot, a
   restore) redraws the card. */
(function () {
  "use strict";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function describe(picture) {
    var box = element("div", "lead-picture-text");
    box.appendChild(element("strong", "", picture.label));
    var alt = element("span", "lead-picture-alt", picture.alt ? "Alt text: " + picture.alt : "");
    if (!picture.alt) alt.appendChild(element("em", "", "No alt text yet"));
    box.appendChild(alt);
    if (picture.credit) box.appendChild(element("span", "lead-picture-credit", picture.credit));
    return box;
  }

  function thumbnail(picture) {
    var img = element("img");
    img.src = picture.thumbnail;
    img.alt = "";
    img.width = 96;
    img.height = 96;
    return img;
  }

  function setUp(root) {
    var select = root.querySelector("select");
    if (!select || select.disabled) return;
    var url = root.dataset.lookupUrl;
    var current = root.querySelector(".lead-picture-current");
    var open = root.querySelector(".lead-picture-open");
    var clear = root.querySelector(".lead-picture-clear");
    var panel = root.querySelector(".lead-picture-panel");
    var search = root.querySelector(".lead-picture-search");
    var count = root.querySelector(".lead-picture-count");
    var results = root.querySelector(".lead-picture-results");
    var shownId = select.value;
    var timer;

    function lookup(query) {
      return fetch(url + "?" + query, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {images: []}; })
        .catch(function () { return {images: []}; });
    }

    function show(picture) {
      current.innerHTML = "";
      if (picture) {
        current.appendChild(thumbnail(picture));
        current.appendChild(describe(picture));
      } else {
        current.appendChild(element("p", "lead-picture-empty", "No lead picture yet."));
      }
      clear.hidden = !picture;
      shownId = picture ? String(picture.id) : "";
    }

    function choose(picture) {
      var option = select.querySelector('option[value="' + picture.id + '"]');
      if (!option) {
        option = new Option(picture.label, picture.id);
        select.appendChild(option);
      }
      select.value = String(picture.id);
      show(picture);
      select.dispatchEvent(new Event("change", {bubbles: true}));
      close();
      open.focus();
    }

    function choices() { return Array.prototype.slice.call(results.querySelectorAll("button")); }

    function load() {
      var term = search.value.trim();
      lookup("q=" + encodeURIComponent(term)).then(function (data) {
        results.innerHTML = "";
        count.textContent = data.images.length ? (data.images.length === 12 ? "The 12 newest matches"
          : data.images.length + (data.images.length === 1 ? " picture" : " pictures"))
          : (term ? "No picture matches “" + term + "”." : "The library has no pictures yet: drop one on this box.");
        data.images.forEach(function (picture) {
          var item = element("li");
          var button = element("button", "lead-picture-choice");
          button.type = "button";
          button.dataset.imageId = picture.id;
          button.setAttribute("aria-pressed", String(String(picture.id) === select.value));
          button.appendChild(thumbnail(picture));
          button.appendChild(describe(picture));
          button.addEventListener("click", function () { choose(picture); });
          item.appendChild(button);
          results.appendChild(item);
        });
      });
    }

    function close() {
      panel.hidden = true;
      open.setAttribute("aria-expanded", "false");
    }

    open.addEventListener("click", function () {
      if (!panel.hidden) { close(); return; }
      panel.hidden = false;
      open.setAttribute("aria-expanded", "true");
      load();
      search.focus();
    });
    clear.addEventListener("click", function () {
      select.value = "";
      show(null);
      select.dispatchEvent(new Event("change", {bubbles: true}));
      open.focus();
    });
    search.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 250);
    });
    panel.addEventListener("keydown", function (event) {
      var buttons = choices();
      var at = buttons.indexOf(document.activeElement);
      if (event.key === "Escape") { event.preventDefault(); close(); open.focus(); return; }
      if (event.target === search && event.key === "Enter") {
        event.preventDefault();  // never submit the story from the search box
        if (buttons.length) buttons[0].click();
        return;
      }
      var step = {ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1}[event.key];
      if (!step) return;
      if (event.target === search) {
        if (event.key !== "ArrowDown" || !buttons.length) return;
        event.preventDefault();
        buttons[0].focus();
        return;
      }
      if (at < 0) return;
      event.preventDefault();
      if (at + step < 0) search.focus();
      else buttons[Math.min(at + step, buttons.length - 1)].focus();
    });
    // A picture set by other code (dropped on the lead slot, an autosave restored): describe it.
    select.addEventListener("change", function () {
      if (select.value === shownId) return;
      if (!select.value) { show(null); return; }
      lookup("id=" + encodeURIComponent(select.value)).then(function (data) {
        if (data.images.length && String(data.images[0].id) === select.value) show(data.images[0]);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-lead-picture]").forEach(setUp);
  });
})();
