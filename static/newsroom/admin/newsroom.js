/* The story form's helpers: character counters, the edit-lock heartbeat and tag suggestions. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function addCounters() {
    document.querySelectorAll("[data-counter]").forEach(function (field) {
      var limit = parseInt(field.dataset.counter, 10);
      var counter = document.createElement("span");
      counter.className = "char-counter";
      counter.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", counter);
      function update() {
        var length = field.value.length;
        counter.textContent = length + " / " + limit;
        counter.classList.toggle("over", length > limit);
      }
      field.addEventListener("input", update);
      update();
    });
  }

  function keepLock() {
    var marker = document.getElementById("edit-lock");
    if (!marker) return;
    var notice = null;
    function beat() {
      fetch(marker.dataset.url, {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (lock) {
        if (!lock || lock.mine) {
          if (notice) { notice.remove(); notice = null; }
          return;
        }
        if (!notice) {
          notice = document.createElement("p");
          notice.className = "errornote";
          notice.setAttribute("role", "alert");
          marker.insertAdjacentElement("afterend", notice);
        }
        notice.textContent = lock.holder + " is now editing this story. If you both change the same field, " +
          "your save will be refused with your text kept.";
      }).catch(function () {});
    }
    window.setInterval(beat, 30000);
  }

  function suggestTags() {
    var field = document.getElementById("id_tags");
    if (!field) return;
    var list = document.createElement("datalist");
    list.id = "tag-suggestions";
    document.body.appendChild(list);
    field.setAttribute("list", list.id);
    field.setAttribute("autocomplete", "off");
    var base = document.body.dataset.tagSuggestionsUrl || (window.location.pathname.split("/article/")[0] + "/article/tag-suggestions/");
    var timer;
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var parts = field.value.split(",");
        var term = parts[parts.length - 1].trim();
        if (term.length < 2) return;
        var prefix = parts.slice(0, -1).map(function (p) { return p.trim(); }).filter(Boolean).join(", ");
        fetch(base + "?q=" + encodeURIComponent(term), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {tags: []}; })
          .then(function (data) {
            list.innerHTML = "";
            data.tags.forEach(function (name) {
              var option = document.createElement("option");
              option.value = (prefix ? prefix + ", " : "") + (name.indexOf(" ") >= 0 ? '"' + name + '"' : name);
              list.appendChild(option);
            });
          });
      }, 200);
    });
  }

  // "Insert image": search the media library and put a picture at the cursor in the body editor.
  // The server sends the editor's markup for each picture; saved, it becomes <figure data-image-id>.
  function imagePicker() {
    var row = document.querySelector(".field-body");
    var textarea = document.getElementById("id_body");
    if (!row || !textarea || textarea.disabled) return;
    var url = window.location.pathname.split("/article/")[0] + "/article/image-picker/";
    var box = document.createElement("div");
    box.className = "image-picker";
    box.innerHTML = '<button type="button" class="button image-picker-open" aria-expanded="false">' +
      "Insert image from library</button>" +
      '<div class="image-picker-panel" hidden><input type="search" class="image-picker-search" ' +
      'placeholder="Search by title, caption or credit" aria-label="Search the image library">' +
      '<ul class="image-picker-results" aria-live="polite"></ul></div>';
    var field = row.querySelector(".flex-container") || textarea;
    field.parentNode.insertBefore(box, field.nextSibling);
    var open = box.querySelector(".image-picker-open");
    var panel = box.querySelector(".image-picker-panel");
    var search = box.querySelector(".image-picker-search");
    var results = box.querySelector(".image-picker-results");
    var timer;

    function editor() {
      var view = row.querySelector(".ProseMirror[contenteditable=true]");
      return view && view.editor;
    }
    function load() {
      fetch(url + "?q=" + encodeURIComponent(search.value.trim()), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : {images: []}; })
        .then(function (data) {
          results.innerHTML = "";
          if (!data.images.length) {
            results.innerHTML = search.value.trim() ? "<li>No picture matches.</li>"
              : "<li>The library has no pictures yet: upload them under Images.</li>";
          }
          data.images.forEach(function (image) {
            var item = document.createElement("li");
            var choose = document.createElement("button");
            choose.type = "button";
            choose.className = "image-picker-choice";
            choose.dataset.imageId = image.id;
            var thumb = document.createElement("img");
            thumb.src = image.thumbnail;
            thumb.alt = "";
            choose.appendChild(thumb);
            choose.appendChild(document.createTextNode(image.label + (image.alt ? "" : " (no alt text yet)")));
            choose.addEventListener("click", function () {
              var current = editor();
              if (!current) return;
              current.chain().focus().insertContent(image.html).run();
              panel.hidden = true;
              open.setAttribute("aria-expanded", "false");
            });
            item.appendChild(choose);
            results.appendChild(item);
          });
        });
    }
    open.addEventListener("click", function () {
      panel.hidden = !panel.hidden;
      open.setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) { load(); search.focus(); }
    });
    search.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 250);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // never submit the story from here
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    addCounters();
    keepLock();
    suggestTags();
    imagePicker();
  });
})();
