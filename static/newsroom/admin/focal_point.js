/* Click-to-set focal point on the image change form. Fills the focal_x / focal_y inputs (0..1). */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const picker = document.querySelector("[data-focal-picker]");
  const inputX = document.getElementById("id_focal_x");
  const inputY = document.getElementById("id_focal_y");
  if (!picker || !inputX || !inputY) return;
  const img = picker.querySelector("img");
  const marker = picker.querySelector(".focal-marker");

  function place() {
    const x = parseFloat(inputX.value), y = parseFloat(inputY.value);
    if (Number.isNaN(x) || Number.isNaN(y)) return;
    // In pixels from the picture's own box: the wrapper can be wider than the picture.
    marker.style.left = (img.offsetLeft + x * img.offsetWidth) + "px";
    marker.style.top = (img.offsetTop + y * img.offsetHeight) + "px";
  }

  img.addEventListener("click", function (event) {
    const box = img.getBoundingClientRect();
    const clamp = (v) => Math.min(1, Math.max(0, v));
    inputX.value = clamp((event.clientX - box.left) / box.width).toFixed(3);
    inputY.value = clamp((event.clientY - box.top) / box.height).toFixed(3);
    place();
  });
  inputX.addEventListener("input", place);
  inputY.addEventListener("input", place);
  img.addEventListener("load", place);
  window.addEventListener("resize", place);
  place();
});
