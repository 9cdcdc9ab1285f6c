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

  document.addEventListener("DOMContentLoaded", function () {
    addCounters();
    keepLock();
    suggestTags();
  });
})();
