/* The writing desk: autosave and restore, leave-page warning, Ctrl/Cmd+S, live preview, word count,
   search-result preview, tags as chips, and "save first" for Submit. Server endpoints: articles/admin/desk.py. */
(function () {
  "use strict";
  var AUTOSAVE_DELAY = 2000, PREVIEW_DELAY = 700, WORDS_PER_MINUTE = 230;

  var config, form, dirty = false, submitting = false, savedState = "";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function post(url, body) {
    return fetch(url, {method: "POST", body: body, credentials: "same-origin",
                       headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}});
  }
  function debounce(fn, delay) {
    var timer;
    return function () { window.clearTimeout(timer); timer = window.setTimeout(fn, delay); };
  }
  function bodyEditor() {
    var view = document.querySelector(".field-body .ProseMirror[contenteditable]");
    return view && view.editor;
  }
  function commentBox() {
    return document.querySelector(".comments-block textarea[name=text]");
  }

  // The story ------------------------------------------------------------------------------------

  function draftKey() {
    if (config.article) return "";
    var key = window.localStorage.getItem("newsroom-desk-draft");
    if (!key) {
      key = "d" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
      window.localStorage.setItem("newsroom-desk-draft", key);
    }
    return key;
  }
  function deskFields(data) {
    data.set("desk_article", config.article || "");
    data.set("desk_draft_key", draftKey());
    data.set("desk_base_version", config.version || 0);
    return data;
  }
  function formData() {
    var data = deskFields(new FormData(form));
    ["_save", "_continue", "_addanother"].forEach(function (name) { data.delete(name); });
    var comment = commentBox();
    if (comment && comment.value.trim()) data.set("desk_comment", comment.value);
    return data;
  }
  function state() {
    var data = formData(), parts = [];
    data.forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") parts.push(name + "=" + value);
    });
    return parts.join("&");
  }
  function markDirty() {
    dirty = state() !== savedState;
    document.body.classList.toggle("desk-dirty", dirty);
  }

  // Autosave and restore ----------------------------------------------------------------------------

  function setStatus(text, failed) {
    var status = document.querySelector(".desk-autosave-status");
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("failed", Boolean(failed));
  }
  function autosave() {
    if (!dirty || submitting) return;
    post(config.autosaveUrl, formData()).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    }).then(function (result) {
      if (!result.ok) { setStatus("Not autosaved: " + (result.data.error || "refused"), true); return; }
      var saved = result.data.autosave;
      setStatus(result.data.stored ? "Autosaved " + saved.time_label
        : "Not autosaved: newer unsaved text from " + saved.time_label + " is kept", !result.data.stored);
    }).catch(function () { setStatus("Not autosaved: offline? Your text is still on this page.", true); });
  }

  function setField(name, value) {
    var values = Array.isArray(value) ? value : [value];
    if (name === "desk_comment") { var box = commentBox(); if (box) box.value = values[0]; return; }
    var inputs = form.querySelectorAll('[name="' + name.replace(/"/g, "") + '"]');
    inputs.forEach(function (input, i) {
      if (input.type === "checkbox" || input.type === "radio") {
        input.checked = values.indexOf(input.value) >= 0;
      } else if (input.tagName === "SELECT" && input.multiple) {
        Array.prototype.forEach.call(input.options, function (o) { o.selected = values.indexOf(o.value) >= 0; });
      } else if (input.tagName === "SELECT" && values[0] && !input.querySelector('option[value="' + values[0] + '"]')) {
        var option = new Option(values[0], values[0], true, true);  // an autocomplete choice not loaded yet
        input.appendChild(option);
        input.value = values[0];
      } else if (input.type !== "file") {
        input.value = values[Math.min(i, values.length - 1)];
      }
      input.dispatchEvent(new Event("change", {bubbles: true}));
    });
    if (name === "body") {
      var editor = bodyEditor();
      if (editor) editor.commands.setContent(values[0], true);
    }
    if (name === "tags") document.dispatchEvent(new CustomEvent("desk:tags-restored"));
  }
  function restore(fields) {
    Object.keys(fields).forEach(function (name) { setField(name, fields[name]); });
    markDirty();
    refreshAids();
  }
  function offerRestore() {
    var query = config.article ? "desk_article=" + config.article : "desk_draft_key=" + draftKey();
    fetch(config.autosaveUrl + "?" + query, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : {autosave: null}; })
      .then(function (data) {
        var saved = data.autosave;
        if (!saved) return;
        var offer = document.createElement("div");
        offer.className = "desk-restore";
        offer.setAttribute("role", "alert");
        offer.innerHTML = '<p></p><button type="button" class="button desk-restore-yes">Restore</button>' +
          '<button type="button" class="button desk-restore-no">Discard</button>';
        offer.querySelector("p").textContent = "You have unsaved text from " + saved.saved_at_label + ".";
        var writing = document.querySelector(".desk-writing");
        writing.insertBefore(offer, writing.firstChild);
        offer.querySelector(".desk-restore-yes").addEventListener("click", function () {
          restore(saved.fields);
          offer.remove();
          setStatus("Restored your unsaved text from " + saved.saved_at_label + "; save to keep it.");
        });
        offer.querySelector(".desk-restore-no").addEventListener("click", function () {
          post(config.discardUrl, deskFields(new FormData()));
          offer.remove();
        });
      });
  }

  // Saving ----------------------------------------------------------------------------------------

  function keepComment() {
    var comment = commentBox();
    if (!comment || !comment.value.trim()) return;
    var hidden = form.querySelector("input[name=desk_comment]") || document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "desk_comment";
    hidden.value = comment.value;
    form.appendChild(hidden);
  }
  function saveAndContinue() {
    var button = form.querySelector("input[name=_continue]") || form.querySelector("input[name=_save]");
    if (button) button.click();
  }
  /* Save the story in the background; resolves with the change page's address, or rejects (the form
     is then submitted normally so the editor sees what is wrong). */
  function saveSilently() {
    var data = new FormData(form);
    data.set("_continue", "1");
    var comment = commentBox();
    if (comment && comment.value.trim()) data.set("desk_comment", comment.value);
    data.set("desk_draft_key", draftKey());
    return fetch(form.action || window.location.href, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (response) {
        var saved = response.ok && /\/article\/\d+\/change\/?$/.test(new URL(response.url).pathname);
        if (!saved) { submitting = true; saveAndContinue(); throw new Error("not saved"); }
        return new URL(response.url).pathname;
      });
  }
  function stepAfterSaving(changePath, step, data) {
    var url = changePath.replace(/change\/?$/, "transition/" + step + "/");
    data.set("step", step);
    if (!data.has("note")) data.set("note", "");
    submitting = true;
    // Not following the redirect here leaves the step's message for the page we go to.
    return fetch(url, {method: "POST", body: data, credentials: "same-origin", redirect: "manual",
                       headers: {"X-CSRFToken": csrfToken()}})
      .then(function () { window.location.href = changePath; });
  }
  function saveFirst() {
    // Next steps taken with unsaved text: save it first, silently, then take the step.
    document.querySelectorAll(".transitions-block form.transition-form").forEach(function (stepForm) {
      stepForm.addEventListener("submit", function (event) {
        if (!dirty) return;
        event.preventDefault();
        var data = new FormData(stepForm), step = (event.submitter || {}).value || stepForm.action.split("/").slice(-2)[0];
        saveSilently().then(function (path) { return stepAfterSaving(path, step, data); }).catch(function () {});
      });
    });
    var submitNew = document.querySelector(".desk-save-and-submit");
    if (submitNew) submitNew.addEventListener("click", function () {
      saveSilently().then(function (path) { return stepAfterSaving(path, "submit", new FormData()); })
        .catch(function () {});
    });
  }

  // Live preview ----------------------------------------------------------------------------------

  var preview = null;
  function buildPreview() {
    preview = document.createElement("section");
    preview.id = "desk-preview";
    preview.className = "desk-preview";
    preview.hidden = true;
    preview.setAttribute("aria-label", "Live preview");
    preview.innerHTML = '<div class="desk-preview-bar"><h2>Live preview — not published</h2>' +
      '<button type="button" class="button" data-width="desktop" aria-pressed="true">Desktop</button>' +
      '<button type="button" class="button" data-width="phone" aria-pressed="false">Phone</button>' +
      '<button type="button" class="button desk-preview-close">Close</button></div>' +
      '<div class="desk-preview-frame-wrap"><iframe title="Live preview of the story" sandbox="allow-same-origin"></iframe></div>';
    document.body.appendChild(preview);
    preview.querySelectorAll("[data-width]").forEach(function (button) {
      button.addEventListener("click", function () {
        preview.classList.toggle("phone", button.dataset.width === "phone");
        preview.querySelectorAll("[data-width]").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      });
    });
    preview.querySelector(".desk-preview-close").addEventListener("click", function () { togglePreview(false); });
  }
  function refreshPreview() {
    if (!preview || preview.hidden) return;
    post(config.previewUrl, formData()).then(function (r) { return r.text(); }).then(function (html) {
      var frame = preview.querySelector("iframe");
      var scroll = frame.contentWindow ? frame.contentWindow.scrollY : 0;
      frame.onload = function () { if (frame.contentWindow) frame.contentWindow.scrollTo(0, scroll); };
      frame.srcdoc = html;
    });
  }
  function togglePreview(open) {
    var toggle = document.querySelector(".desk-preview-toggle");
    preview.hidden = !open;
    document.body.classList.toggle("desk-previewing", open);
    if (toggle) toggle.setAttribute("aria-expanded", String(open));
    if (open) refreshPreview();
  }

  // Writing aids -----------------------------------------------------------------------------------

  function refreshAids() {
    var words = document.querySelector(".desk-words");
    var view = document.querySelector(".field-body .ProseMirror[contenteditable]");
    if (words && view) {
      var count = (view.innerText || "").split(/\s+/).filter(Boolean).length;
      words.textContent = count + (count === 1 ? " word" : " words") + " · " +
        (count ? Math.ceil(count / WORDS_PER_MINUTE) : 0) + " min read";
    }
    var serp = document.querySelector(".desk-serp");
    if (serp) {
      var value = function (id) { var el = document.getElementById(id); return el ? el.value.trim() : ""; };
      serp.querySelector(".desk-serp-title").textContent = value("id_seo_title") || value("id_headline") || "Headline";
      serp.querySelector(".desk-serp-description").textContent =
        (value("id_seo_description") || value("id_dek") || "The standfirst is shown when there is no description.").slice(0, 160);
      serp.querySelector(".desk-serp-url").textContent = window.location.host + "/…/" + (value("id_slug") || "story-address") + "/";
    }
  }
  function searchResultPreview() {
    var row = document.querySelector(".field-seo_description");
    if (!row) return;
    var serp = document.createElement("div");
    serp.className = "desk-serp";
    serp.setAttribute("aria-label", "How the story may look in search results");
    serp.innerHTML = '<div class="desk-serp-url"></div><div class="desk-serp-title"></div><div class="desk-serp-description"></div>';
    row.insertAdjacentElement("afterend", serp);
  }

  function tagChips() {
    var field = document.getElementById("id_tags");
    if (!field || field.disabled || field.readOnly) return;
    field.removeAttribute("list");
    var box = document.createElement("div"), input = document.createElement("input"), list = document.createElement("ul");
    box.className = "desk-tags";
    input.className = "desk-tag-input";
    input.type = "text";
    input.setAttribute("aria-label", "Add a tag (Enter adds it)");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", "desk-tag-suggestions");
    input.placeholder = "Add a tag…";
    list.className = "desk-tag-suggestions";
    list.id = "desk-tag-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    field.type = "hidden";
    field.insertAdjacentElement("afterend", box);
    box.appendChild(input);
    box.appendChild(list);

    function names() {
      var found = [], re = /"([^"]+)"|([^,]+)/g, m;
      while ((m = re.exec(field.value))) { var n = (m[1] || m[2]).trim(); if (n) found.push(n); }
      return found;
    }
    function write(list) {
      field.value = list.map(function (n) { return /[ ,]/.test(n) ? '"' + n.replace(/"/g, "") + '"' : n; }).join(", ");
      field.dispatchEvent(new Event("input", {bubbles: true}));
      draw();
    }
    function draw() {
      box.querySelectorAll(".desk-tag").forEach(function (chip) { chip.remove(); });
      names().forEach(function (name) {
        var chip = document.createElement("span"), remove = document.createElement("button");
        chip.className = "desk-tag";
        chip.textContent = name;
        remove.type = "button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", "Remove tag " + name);
        remove.addEventListener("click", function () { write(names().filter(function (n) { return n !== name; })); });
        chip.appendChild(remove);
        box.insertBefore(chip, input);
      });
    }
    function add(name) {
      name = name.replace(/,/g, " ").trim();
      if (!name) return;
      var current = names();
      if (!current.some(function (n) { return n.toLowerCase() === name.toLowerCase(); })) current.push(name);
      input.value = "";
      hide();
      write(current);
    }
    function hide() { list.hidden = true; input.setAttribute("aria-expanded", "false"); list.innerHTML = ""; }
    var suggest = debounce(function () {
      var term = input.value.trim();
      if (term.length < 2) { hide(); return; }
      fetch(config.tagsUrl + "?q=" + encodeURIComponent(term), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : {tags: []}; })
        .then(function (data) {
          list.innerHTML = "";
          (data.tags || []).forEach(function (tag, i) {
            var name = typeof tag === "string" ? tag : tag.name;
            var item = document.createElement("li");
            item.setAttribute("role", "option");
            item.id = "desk-tag-option-" + i;
            item.textContent = name;
            item.addEventListener("mousedown", function (event) { event.preventDefault(); add(name); });
            list.appendChild(item);
          });
          list.hidden = !list.children.length;
          input.setAttribute("aria-expanded", String(!list.hidden));
        });
    }, 200);
    input.addEventListener("input", suggest);
    fromText();

    // "Suggest from text": tags whose names or aliases occur in the headline and body, one click to add.
    function fromText() {
      var button = document.createElement("button"), offers = document.createElement("div");
      button.type = "button";
      button.className = "button desk-tags-from-text";
      button.textContent = "Suggest tags from the text";
      offers.className = "desk-tag-offers";
      offers.setAttribute("aria-live", "polite");
      box.insertAdjacentElement("afterend", offers);
      box.insertAdjacentElement("afterend", button);
      button.addEventListener("click", function () {
        var form = field.form, body = document.getElementById("id_body"), headline = document.getElementById("id_headline");
        var data = new FormData();
        data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
        data.append("headline", headline ? headline.value : "");
        data.append("body", body ? body.value : "");
        data.append("tags", names().join(","));
        offers.textContent = "Looking…";
        fetch(config.tagsUrl, {method: "POST", body: data, credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {tags: []}; })
          .then(function (answer) {
            offers.textContent = answer.tags && answer.tags.length ? "" : "No existing tag occurs in the text.";
            (answer.tags || []).forEach(function (name) {
              var offer = document.createElement("button");
              offer.type = "button";
              offer.className = "desk-tag-offer";
              offer.textContent = "+ " + name;
              offer.addEventListener("click", function () { add(name); offer.remove(); });
              offers.appendChild(offer);
            });
          });
      });
    }
    input.addEventListener("keydown", function (event) {
      var options = Array.prototype.slice.call(list.children);
      var current = options.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options.length) return;
        event.preventDefault();
        var next = (current + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
        options.forEach(function (o, i) { o.setAttribute("aria-selected", String(i === next)); });
        input.setAttribute("aria-activedescendant", options[next].id);
      } else if (event.key === "Enter" || event.key === ",") {
        event.preventDefault();  // never submits the story
        add(current >= 0 && !list.hidden ? options[current].textContent : input.value);
      } else if (event.key === "Backspace" && !input.value) {
        var all = names();
        if (all.length) write(all.slice(0, -1));
      } else if (event.key === "Escape") {
        hide();
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(hide, 150); });
    document.addEventListener("desk:tags-restored", draw);
    draw();
  }

  /* Give a name to the controls the stock widgets leave unnamed (the editor's text area, select2
     boxes, the authors table's cells), so screen readers announce what each one is. */
  function nameControls() {
    var body = document.querySelector(".field-body .ProseMirror[contenteditable]");
    if (body && !body.getAttribute("aria-label")) body.setAttribute("aria-label", "Story body");
    document.querySelectorAll(".select2-selection[role=combobox]").forEach(function (box) {
      var container = box.closest(".select2-container");
      var select = container && container.parentNode.querySelector("select");
      if (!select) return;
      var label = document.querySelector('label[for="' + select.id + '"]');
      var name = label ? label.textContent.replace(/:$/, "").trim() : columnName(select);
      if (!name) return;
      box.setAttribute("aria-label", name);
      box.removeAttribute("aria-labelledby");  // it points at the chosen value, empty until one is chosen
      var shown = box.querySelector(".select2-selection__rendered");
      if (shown) shown.setAttribute("aria-label", name + ", chosen");
    });
    document.querySelectorAll(".vDateField, .vTimeField").forEach(function (input) {
      var label = document.querySelector('label[for="' + input.id.replace(/_[01]$/, "_0") + '"]');
      var name = label ? label.textContent.replace(/:$/, "").trim() : input.name.replace(/_[01]$/, "");
      if (!input.getAttribute("aria-label")) {
        input.setAttribute("aria-label", name + (input.classList.contains("vDateField") ? ", date" : ", time"));
      }
    });
    document.querySelectorAll(".tabular td select, .tabular td input:not([type=hidden])").forEach(function (control) {
      if (!control.getAttribute("aria-label") && !document.querySelector('label[for="' + control.id + '"]')) {
        var name = columnName(control);
        if (name) control.setAttribute("aria-label", name);
      }
    });
  }
  function columnName(control) {
    var cell = control.closest("td");
    var table = control.closest("table");
    if (!cell || !table) return "";
    var headers = table.querySelectorAll("thead th");
    var index = Array.prototype.indexOf.call(cell.parentNode.children, cell);
    var header = headers[index];
    return header ? header.textContent.trim() : "";
  }

  // Wiring ------------------------------------------------------------------------------------------

  function start() {
    var marker = document.getElementById("desk");
    form = document.getElementById("article_form");
    if (!marker || !form) return;
    config = {
      article: marker.dataset.article, version: marker.dataset.version, autosaveUrl: marker.dataset.autosaveUrl,
      discardUrl: marker.dataset.discardUrl, previewUrl: marker.dataset.previewUrl, tagsUrl: marker.dataset.tagsUrl
    };
    var key = document.createElement("input");
    key.type = "hidden";
    key.name = "desk_draft_key";
    key.value = draftKey();
    form.appendChild(key);

    tagChips();
    searchResultPreview();
    buildPreview();
    var toggle = document.querySelector(".desk-preview-toggle");
    if (toggle) toggle.addEventListener("click", function () { togglePreview(preview.hidden); });

    savedState = state();
    var queueAutosave = debounce(autosave, AUTOSAVE_DELAY);
    var queuePreview = debounce(refreshPreview, PREVIEW_DELAY);
    function changed() { markDirty(); refreshAids(); queueAutosave(); queuePreview(); }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    var comment = commentBox();
    if (comment) comment.addEventListener("input", changed);

    form.addEventListener("submit", function () { submitting = true; keepComment(); });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty || submitting) return undefined;
      event.preventDefault();
      event.returnValue = "You have unsaved changes.";
      return event.returnValue;
    });
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "s" || event.key === "S")) {
        event.preventDefault();
        submitting = true;
        keepComment();
        saveAndContinue();
      }
    });
    saveFirst();
    nameControls();
    // select2 boxes and new author rows are built later by the admin's own scripts: name them as they come.
    new MutationObserver(debounce(nameControls, 50)).observe(form, {childList: true, subtree: true});
    refreshAids();
    offerRestore();
  }

  // The body editor builds itself on DOMContentLoaded too; start once it exists.
  function whenEditorReady(attempt) {
    var view = document.querySelector(".field-body .ProseMirror[contenteditable]");
    if ((view && view.editor) || !document.getElementById("id_body") || attempt > 60) start();
    else window.setTimeout(function () { whenEditorReady(attempt + 1); }, 50);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { whenEditorReady(0); });
  else whenEditorReady(0);
})();
