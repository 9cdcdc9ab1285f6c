/* Presence on the story form: a heartbeat every ~15 s says "I am here" (and keeps the edit lock),
   the answer names everyone else on the story, and leaving the page (close, save, submit, back)
   sends a beacon that releases the lock at once. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function start() {
    var box = document.getElementById("story-presence");
    if (!box) return;
    var left = false;

    function show(state) {
      var lines = [];
      if (state.holder && !state.mine && box.dataset.canEdit === "1") {
        lines.push(state.holder + " is editing this story. If you both change the same field, your save is refused with your text kept.");
      }
      var others = state.others.filter(function (name) { return name !== state.holder || state.mine; });
      if (others.length) {
        lines.push(others.join(", ") + (others.length === 1 ? " is" : " are") + " also viewing this story.");
      }
      box.textContent = lines.join(" ");
      box.hidden = !lines.length;
      box.classList.toggle("errornote", Boolean(state.holder && !state.mine && box.dataset.canEdit === "1"));
    }

    function beat() {
      if (left) return;
      fetch(box.dataset.beatUrl, {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}
      }).then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) { if (state) show(state); })
        .catch(function () {});
    }

    function leave() {
      if (left) return;
      left = true;
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrfToken());
      navigator.sendBeacon(box.dataset.leaveUrl, data);
    }

    beat();
    window.setInterval(beat, parseInt(box.dataset.interval, 10) || 15000);
    window.addEventListener("pagehide", leave);
    window.addEventListener("pageshow", function (event) { if (event.persisted) { left = false; beat(); } });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
