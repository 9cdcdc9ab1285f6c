/* Pictures in the flow: drop or paste one or many pictures into the story body (they land where they
   were dropped) or onto the lead picture. Each goes through the media library's own upload validation
   (articles/admin/desk.py upload_picture), then asks for its alt text and focal point. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function post(url, body) {
    return fetch(url, {method: "POST", body: body, credentials: "same-origin",
                       headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.error || "The picture was not accepted.");
          return data;
        });
      });
  }
  function pictures(list) {
    return Array.prototype.filter.call(list || [], function (file) { return /^image\//.test(file.type); });
  }
  function upload(url, file) {
    var data = new FormData();
    data.append("file", file, file.name);
    data.append("title", file.name.replace(/\.[^.]+$/, "").replace(/[-_]+/g, " "));
    return post(url, data);
  }
  function notify(text) {
    var status = document.querySelector(".desk-autosave-status");
    if (status) { status.textContent = text; status.classList.add("failed"); }
  }

  /* The focal marker sits exactly on the clicked point: it is placed in pixels from the picture's own
     box (not the wrapper's, which may be wider than the picture). */
  function focalPicker(container, image, onPick) {
    var picker = document.createElement("div"), img = document.createElement("img"), marker = document.createElement("span");
    picker.className = "focal-picker";
    img.src = image.preview;
    img.alt = "";
    marker.className = "focal-marker";
    marker.setAttribute("aria-hidden", "true");
    picker.appendChild(img);
    picker.appendChild(marker);
    container.appendChild(picker);
    var point = {x: image.focal_x, y: image.focal_y};
    function place() {
      marker.style.left = (img.offsetLeft + point.x * img.offsetWidth) + "px";
      marker.style.top = (img.offsetTop + point.y * img.offsetHeight) + "px";
    }
    img.addEventListener("load", place);
    window.addEventListener("resize", place);
    img.addEventListener("click", function (event) {
      var box = img.getBoundingClientRect();
      var clamp = function (v) { return Math.min(1, Math.max(0, v)); };
      point = {x: clamp((event.clientX - box.left) / box.width), y: clamp((event.clientY - box.top) / box.height)};
      place();
      onPick(point);
    });
    place();
  }

  // One dialog at a time: alt text (required for readers using screen readers) and focal point.
  var queue = Promise.resolve();
  function describe(config, image) {
    queue = queue.then(function () {
      return new Promise(function (resolve) {
        var dialog = document.createElement("dialog"), point = {x: image.focal_x, y: image.focal_y};
        dialog.className = "desk-picture-dialog";
        dialog.setAttribute("aria-labelledby", "desk-picture-title-" + image.id);
        dialog.innerHTML = '<h2 id="desk-picture-title-' + image.id + '">Describe this picture</h2>' +
          '<label for="desk-alt-' + image.id + '">Alt text: what the picture shows, for readers who cannot see it</label>' +
          '<input type="text" id="desk-alt-' + image.id + '" maxlength="300" class="desk-alt-text">' +
          '<p class="help">Click the most important point of the picture; crops keep it in frame.</p>' +
          '<div class="desk-focal"></div>' +
          '<menu><button type="button" class="button desk-picture-later">Later</button>' +
          '<button type="button" class="button default desk-picture-save">Save</button></menu>';
        document.body.appendChild(dialog);
        var alt = dialog.querySelector(".desk-alt-text");
        alt.value = image.alt || "";
        focalPicker(dialog.querySelector(".desk-focal"), image, function (picked) { point = picked; });
        function close() { dialog.close(); dialog.remove(); resolve(); }
        dialog.querySelector(".desk-picture-later").addEventListener("click", close);
        dialog.querySelector(".desk-picture-save").addEventListener("click", function () {
          var data = new FormData();
          data.append("alt_text", alt.value);
          data.append("focal_x", point.x);
          data.append("focal_y", point.y);
          post(config.pictureUrl.replace("/0/", "/" + image.id + "/"), data).catch(function (e) { notify(e.message); });
          close();
        });
        dialog.addEventListener("cancel", function (event) { event.preventDefault(); close(); });
        alt.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { event.preventDefault(); dialog.querySelector(".desk-picture-save").click(); }
        });
        dialog.showModal();
        alt.focus();
      });
    });
    return queue;
  }

  function uploadAll(config, files) {
    return files.reduce(function (done, file) {
      return done.then(function (images) {
        return upload(config.uploadUrl, file).then(function (image) { return images.concat([image]); },
          function (error) { notify(file.name + ": " + error.message); return images; });
      });
    }, Promise.resolve([]));
  }

  function intoBody(config) {
    var view = document.querySelector(".field-body .ProseMirror[contenteditable]");
    if (!view || !view.editor || view.getAttribute("contenteditable") !== "true") return;
    var editor = view.editor;
    function insert(files, position) {
      uploadAll(config, files).then(function (images) {
        if (!images.length) return;
        var html = images.map(function (image) { return image.html; }).join("");
        if (position === null) editor.chain().focus().insertContent(html).run();
        else editor.chain().focus().insertContentAt(position, html).run();
        images.forEach(function (image) { describe(config, image); });
      });
    }
    view.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
        event.preventDefault();
        view.classList.add("desk-drop-target");
      }
    }, true);
    view.addEventListener("dragleave", function () { view.classList.remove("desk-drop-target"); }, true);
    view.addEventListener("drop", function (event) {
      view.classList.remove("desk-drop-target");
      var files = pictures(event.dataTransfer && event.dataTransfer.files);
      if (!files.length) return;
      event.preventDefault();
      event.stopPropagation();
      var at = editor.view.posAtCoords({left: event.clientX, top: event.clientY});
      insert(files, at ? at.pos : null);
    }, true);
    view.addEventListener("paste", function (event) {
      var files = pictures(event.clipboardData && event.clipboardData.files);
      if (!files.length) return;
      event.preventDefault();
      event.stopPropagation();
      insert(files, null);
    }, true);
  }

  function intoLeadSlot(config) {
    var row = document.querySelector(".field-lead_image");
    var select = document.getElementById("id_lead_image");
    if (!row || !select || select.disabled) return;
    var hint = document.createElement("p");
    hint.className = "help";
    hint.textContent = "Or drop a picture here.";
    row.appendChild(hint);
    row.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) event.preventDefault();
    });
    row.addEventListener("drop", function (event) {
      var files = pictures(event.dataTransfer && event.dataTransfer.files).slice(0, 1);
      if (!files.length) return;
      event.preventDefault();
      uploadAll(config, files).then(function (images) {
        if (!images.length) return;
        var image = images[0];
        select.appendChild(new Option(image.alt || ("Picture " + image.id), image.id, true, true));
        select.value = String(image.id);
        select.dispatchEvent(new Event("change", {bubbles: true}));
        describe(config, image);
      });
    });
  }

  function start() {
    var marker = document.getElementById("desk");
    if (!marker || !marker.dataset.uploadUrl) return;
    var config = {uploadUrl: marker.dataset.uploadUrl, pictureUrl: marker.dataset.uploadUrl + "0/"};
    intoBody(config);
    intoLeadSlot(config);
  }
  function whenEditorReady(attempt) {
    var view = document.querySelector(".field-body .ProseMirror[contenteditable]");
    if ((view && view.editor) || attempt > 60) start();
    else window.setTimeout(function () { whenEditorReady(attempt + 1); }, 50);
  }
  whenEditorReady(0);
})();
