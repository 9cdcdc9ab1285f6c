/* The planning calendar: drag a scheduled story onto another slot to reschedule it.
   The server moves it through the workflow (Publishers only, audited) and answers with what happened. */
(function () {
  "use strict";

  function start() {
    var root = document.querySelector(".planning-calendar");
    if (!root || root.dataset.mayReschedule !== "1") return;
    var message = root.querySelector(".calendar-message");
    var token = root.querySelector("input[name=csrfmiddlewaretoken]").value;
    var dragged = null;

    function say(text, failed) {
      message.textContent = text;
      message.hidden = false;
      message.className = "calendar-message " + (failed ? "errornote" : "success");
    }

    root.addEventListener("dragstart", function (event) {
      var entry = event.target.closest && event.target.closest(".entry[draggable=true]");
      if (!entry) return;
      dragged = entry;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", entry.dataset.story);
    });
    root.querySelectorAll(".slot").forEach(function (slot) {
      slot.addEventListener("dragover", function (event) {
        if (!dragged) return;
        event.preventDefault();
        slot.classList.add("drop-target");
      });
      slot.addEventListener("dragleave", function () { slot.classList.remove("drop-target"); });
      slot.addEventListener("drop", function (event) {
        event.preventDefault();
        slot.classList.remove("drop-target");
        if (!dragged) return;
        var entry = dragged;
        dragged = null;
        var minutes = entry.dataset.time.split(":")[1];
        var hour = slot.dataset.hour !== undefined ? ("0" + slot.dataset.hour).slice(-2) : entry.dataset.time.split(":")[0];
        var body = new FormData();
        body.append("story", entry.dataset.story);
        body.append("at", slot.dataset.day + "T" + hour + ":" + minutes);
        fetch(root.dataset.rescheduleUrl, {
          method: "POST", credentials: "same-origin", body: body, headers: {"X-CSRFToken": token}
        }).then(function (response) {
          return response.json().then(function (data) { return {ok: response.ok, data: data}; });
        }).then(function (result) {
          if (!result.ok) { say(result.data.error || "The story was not moved.", true); return; }
          entry.dataset.time = hour + ":" + minutes;
          entry.querySelector(".entry-time").textContent = hour + ":" + minutes;
          slot.appendChild(entry);
          say(result.data.message, false);
        }).catch(function () { say("The story was not moved: the server did not answer.", true); });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
