/* Theme toggle (remembered in localStorage), closing the mobile navigation, the navigation's
   sections as the reader left them, the current article scrolled into the navigation, and the
   table of contents following the reading position. */
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

  // Sections opened or closed by the reader stay so on the next pages (this tab only).
  var store = null;
  try { store = window.sessionStorage; } catch (e) { /* storage blocked */ }
  document.querySelectorAll(".nav-details[data-key]").forEach(function (details) {
    var key = "sb-nav-" + details.dataset.key;
    var saved = store && store.getItem(key);
    if (saved === "open" && !details.open) details.open = true;
    if (saved === "closed" && details.open && !details.querySelector("[aria-current]")) details.open = false;
    details.addEventListener("toggle", function () {
      if (store) store.setItem(key, details.open ? "open" : "closed");
    });
  });
  // The current page's link visible in the navigation's own scroll.
  var scroller = document.querySelector(".sidebar-inner");
  var here = scroller && scroller.querySelector("a[aria-current='page']");
  if (here && scroller.scrollHeight > scroller.clientHeight) {
    var top = here.offsetTop - scroller.clientHeight / 2;
    if (top > 0) scroller.scrollTop = top;
  }
  // Table of contents: the heading being read is highlighted.
  var links = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  var targets = links.map(function (a) {
    return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
  });
  function spy() {
    var line = (parseFloat(getComputedStyle(root).fontSize) || 16) * 5;
    var current = -1;
    targets.forEach(function (target, i) {
      if (target && target.getBoundingClientRect().top <= line) current = i;
    });
    if (current < 0 && targets.length) current = 0;
    if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) {
      current = targets.length - 1;  // the last headings cannot reach the top: at the end, the last
    }
    links.forEach(function (a, i) {
      a.classList.toggle("is-current", i === current);
      if (i === current) a.setAttribute("aria-current", "location"); else a.removeAttribute("aria-current");
    });
  }
  if (links.length) {
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; spy(); });
    }, { passive: true });
    window.addEventListener("hashchange", spy);
    spy();
  }
})();
