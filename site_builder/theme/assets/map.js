/* The world map, explorable offline: drag to pan, pinch, wheel, buttons or +/- keys to zoom,
   nearby places grouped into numbered clusters (a cluster opens by zooming onto it), and the
   list under the map narrowed to the places in view. Plain SVG and pointer events; without
   JavaScript the map stays a picture whose points are links, and the list lists them all. */
(function () {
  "use strict";
  var box = document.querySelector("[data-map]");
  var svg = box && box.querySelector("svg.map-world");
  if (!svg) return;
  var NS = "http://www.w3.org/2000/svg";
  var CLUSTER_PX = 30;   // points closer than this on screen are drawn as one cluster
  var POINT_PX = 7;      // radius of a point on screen
  var HIT_PX = 16;       // radius of its touch target
  var MAX_ZOOM = 80;
  var world = svg.viewBox.baseVal;
  var full = { x: world.x, y: world.y, w: world.width, h: world.height };
  var view = { x: full.x, y: full.y, w: full.w, h: full.h };
  var layer = svg.querySelector(".map-points");
  var places = Array.prototype.map.call(svg.querySelectorAll("a.map-place"), function (link) {
    var dot = link.querySelector("circle");
    var hit = document.createElementNS(NS, "circle");
    hit.setAttribute("class", "map-hit");
    hit.setAttribute("cx", dot.getAttribute("cx"));
    hit.setAttribute("cy", dot.getAttribute("cy"));
    link.insertBefore(hit, dot);
    var title = link.querySelector("title");
    return { link: link, dot: dot, hit: hit, x: +dot.getAttribute("cx"), y: +dot.getAttribute("cy"),
             href: link.getAttribute("href"), name: title ? title.textContent : "" };
  });
  var clusters = document.createElementNS(NS, "g");
  clusters.setAttribute("class", "map-clusters");
  (layer || svg).parentNode.appendChild(clusters);
  var list = document.querySelector("[data-map-list]");
  var count = document.querySelector("[data-map-count]");
  var items = {};
  if (list) {
    Array.prototype.forEach.call(list.querySelectorAll("li"), function (li) {
      var a = li.querySelector("a");
      if (a) items[a.getAttribute("href")] = li;
    });
  }
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMid slice");
  svg.setAttribute("tabindex", "0");
  svg.setAttribute("aria-describedby", "map-help");
  box.classList.add("is-interactive");
  box.querySelector(".map-tools").hidden = false;
  var help = box.querySelector(".map-help");
  help.hidden = false;
  help.id = "map-help";

  function size() {
    var rect = svg.getBoundingClientRect();
    return { w: rect.width || 1, h: rect.height || 1 };
  }
  function scale() {  // screen pixels per map unit ("slice": the larger ratio)
    var s = size();
    return Math.max(s.w / view.w, s.h / view.h);
  }
  function clamp() {
    var s = size(), aspect = s.h / s.w;
    view.w = Math.min(Math.max(view.w, full.w / MAX_ZOOM), full.w);
    view.h = view.w * aspect;
    if (view.h > full.h * 1.6) { view.h = full.h * 1.6; view.w = view.h / aspect; }
    var cx = Math.min(Math.max(view.x + view.w / 2, full.x), full.x + full.w);
    var cy = Math.min(Math.max(view.y + view.h / 2, full.y), full.y + full.h);
    view.x = cx - view.w / 2;
    view.y = cy - view.h / 2;
  }
  function draw() {
    clamp();
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (n) {
      return n.toFixed(3);
    }).join(" "));
    var k = scale(), shown = 0;
    while (clusters.firstChild) clusters.removeChild(clusters.firstChild);
    var inView = places.filter(function (p) {
      var inside = p.x >= view.x && p.x <= view.x + view.w && p.y >= view.y && p.y <= view.y + view.h;
      if (items[p.href]) items[p.href].hidden = !inside;
      if (inside) shown += 1;
      return inside;
    });
    if (count) count.textContent = String(shown);
    var taken = new Set();
    inView.concat(places.filter(function (p) { return inView.indexOf(p) < 0; })).forEach(function (p) {
      if (taken.has(p)) return;
      var group = places.filter(function (q) {
        return !taken.has(q) && Math.hypot((q.x - p.x) * k, (q.y - p.y) * k) < CLUSTER_PX;
      });
      group.forEach(function (q) { taken.add(q); });
      group.forEach(function (q) {
        q.dot.setAttribute("r", (POINT_PX / k).toFixed(4));
        q.hit.setAttribute("r", (HIT_PX / k).toFixed(4));
        q.link.style.display = group.length > 1 ? "none" : "";
      });
      if (group.length > 1) clusters.appendChild(cluster(group, k));
    });
  }
  function cluster(group, k) {
    var x = 0, y = 0;
    group.forEach(function (q) { x += q.x; y += q.y; });
    x /= group.length; y /= group.length;
    var g = document.createElementNS(NS, "g");
    var names = group.map(function (q) { return q.name; }).sort();
    g.setAttribute("class", "map-cluster");
    g.setAttribute("role", "button");
    g.setAttribute("tabindex", "0");
    g.setAttribute("aria-label", group.length + " lieux : " + names.join(", ") + ". Zoomer sur ce groupe");
    var ring = document.createElementNS(NS, "circle");
    ring.setAttribute("cx", x); ring.setAttribute("cy", y);
    ring.setAttribute("r", ((12 + Math.min(group.length, 30) / 2) / k).toFixed(4));
    var label = document.createElementNS(NS, "text");
    label.setAttribute("x", x); label.setAttribute("y", y);
    label.setAttribute("dy", "0.35em");
    label.setAttribute("font-size", (12 / k).toFixed(4));
    label.textContent = String(group.length);
    var title = document.createElementNS(NS, "title");
    title.textContent = names.join(", ");
    g.appendChild(title); g.appendChild(ring); g.appendChild(label);
    function open(event) {
      event.preventDefault();
      fit(group, 3);
    }
    g.addEventListener("click", open);
    g.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") open(event);
    });
    return g;
  }
  function fit(group, minZoom) {
    var xs = group.map(function (q) { return q.x; }), ys = group.map(function (q) { return q.y; });
    var west = Math.min.apply(null, xs), east = Math.max.apply(null, xs);
    var north = Math.min.apply(null, ys), south = Math.max.apply(null, ys);
    var s = size(), aspect = s.h / s.w;
    var w = Math.max(east - west, (south - north) / aspect) * 1.6;
    w = Math.min(w || full.w, view.w / (minZoom || 1));
    if (!group.length) w = full.w;
    view.w = w; view.h = w * aspect;
    view.x = (west + east) / 2 - w / 2;
    view.y = (north + south) / 2 - view.h / 2;
    draw();
  }
  function zoom(factor, px, py) {  // px, py: the screen point that stays put (0..1)
    var ax = view.x + view.w * (px === undefined ? 0.5 : px);
    var ay = view.y + view.h * (py === undefined ? 0.5 : py);
    view.w /= factor; view.h /= factor;
    view.x = ax - view.w * (px === undefined ? 0.5 : px);
    view.y = ay - view.h * (py === undefined ? 0.5 : py);
    draw();
  }
  function pan(dx, dy) {  // in screen pixels
    var k = scale();
    view.x -= dx / k; view.y -= dy / k;
    draw();
  }

  box.querySelector(".map-tools").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-zoom]");
    if (!button) return;
    var how = button.dataset.zoom;
    if (how === "fit") { view.w = full.w; fit(places, 0); return; }
    zoom(how === "in" ? 2 : 0.5);
  });
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var rect = svg.getBoundingClientRect();
    zoom(event.deltaY < 0 ? 1.25 : 0.8, (event.clientX - rect.left) / rect.width,
         (event.clientY - rect.top) / rect.height);
  }, { passive: false });
  svg.addEventListener("keydown", function (event) {
    if (event.target !== svg) return;
    var step = 60, keys = {
      ArrowLeft: function () { pan(step, 0); }, ArrowRight: function () { pan(-step, 0); },
      ArrowUp: function () { pan(0, step); }, ArrowDown: function () { pan(0, -step); },
      "+": function () { zoom(2); }, "=": function () { zoom(2); }, "-": function () { zoom(0.5); }
    };
    if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
  });

  // Pointers: one drags the map, two pinch it; a drag is not a click on the point under it.
  var pointers = new Map(), moved = 0, pinch = 0;
  svg.addEventListener("pointerdown", function (event) {
    if (event.isPrimary) pointers.clear();  // a first finger (or the mouse): a new gesture
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 1) moved = 0;
    pinch = 0;
  });
  svg.addEventListener("pointermove", function (event) {
    var last = pointers.get(event.pointerId);
    if (!last) return;
    if (pointers.size === 1) {
      var dx = event.clientX - last.x, dy = event.clientY - last.y;
      moved += Math.abs(dx) + Math.abs(dy);
      if (moved > 6) {
        if (!svg.hasPointerCapture(event.pointerId)) svg.setPointerCapture(event.pointerId);
        pan(dx, dy);
      }
    } else if (pointers.size === 2) {
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      var pts = Array.from(pointers.values());
      var span = Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y);
      var rect = svg.getBoundingClientRect();
      if (pinch) {
        zoom(span / pinch, ((pts[0].x + pts[1].x) / 2 - rect.left) / rect.width,
             ((pts[0].y + pts[1].y) / 2 - rect.top) / rect.height);
      }
      pinch = span;
      moved = 99;
      return;
    }
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  });
  function release(event) {
    pointers.delete(event.pointerId);
    pinch = 0;
  }
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);
  svg.addEventListener("click", function (event) {
    if (moved > 6) { event.preventDefault(); event.stopPropagation(); }
  }, true);
  window.addEventListener("resize", draw);
  fit(places, 0);
})();
