/* Theme toggle (remembered in localStorage) and closing the mobile navigation. */
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.querySelector(".theme-toggle");
  function current() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function label() {
    var next = current() === "dark" ? "clair" : "sombre";
    button.setAttribute("aria-label", "Passer au thème " + next);
    button.title = "Passer au thème " + next;
  }
  if (button) {
    button.hidden = false;
    label();
    button.addEventListener("click", function () {
      var theme = current() === "dark" ? "light" : "dark";
      root.dataset.theme = theme;
      try { localStorage.setItem("sb-theme", theme); } catch (e) { /* private mode */ }
      label();
    });
  }
  var toggle = document.getElementById("nav-toggle");
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle) toggle.checked = false;
  });
})();
