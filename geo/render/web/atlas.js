/* News Atlas static map: draws the places of the embedded data (geo/render/mapdata.py) on a Leaflet map,
   with a searchable layer list, group toggles, a time range control, clustering and a legend.
   Every string from the data is already escaped HTML (made by Python); this script adds only its own
   fixed words and numbers, through textContent. No network access. */
(function () {
  "use strict";
  var DAY_MS = 86400000;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var SMALL_WINDOW = 760;     // px: the layer list and legend start collapsed below this width
  var LIST_LIMIT = 150;       // rows listed per group at once (the search finds the others)
  var OPEN_GROUP_MAX = 12;    // groups with at most this many places start open
  var HIST_BARS = 120;        // most bars over the time slider

  /* Case- and accent-insensitive form of a name, for the search. */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function el(tag, className, parent) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }

  /* Months are counted as year * 12 + month (0-based); days from 1970-01-01 as in the data. */
  function monthOfDay(day) { var d = new Date(day * DAY_MS); return d.getUTCFullYear() * 12 + d.getUTCMonth(); }
  function firstDay(month) { return Math.round(Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS); }
  function lastDay(month) { return firstDay(month + 1) - 1; }
  function monthLabel(month) { return MONTHS[month % 12] + " " + Math.floor(month / 12); }
  function monthValue(month) {
    var year = String(Math.floor(month / 12)), m = month % 12 + 1;
    while (year.length < 4) year = "0" + year;
    return year + "-" + (m < 10 ? "0" : "") + m;
  }
  function parseMonth(value) {
    var match = /^(\d{4,})-(\d{2})$/.exec(value || "");
    return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : null;
  }

  /* A shape sent as {e: [type, parts], k: decimals} (delta-encoded integers, mapdata.encode_geometry) or
     as {geo: GeoJSON geometry}, back to GeoJSON. */
  function geometry(d) {
    if (!d.e) return d.geo;
    var scale = Math.pow(10, d.k), type = d.e[0], parts = d.e[1];
    function line(flat) {
      var out = [], x = 0, y = 0;
      for (var i = 0; i + 1 < flat.length; i += 2) { x += flat[i]; y += flat[i + 1]; out.push([x / scale, y / scale]); }
      return out;
    }
    function rings(polygon) { return polygon.map(line); }
    if (type === "P") return { type: "Polygon", coordinates: rings(parts) };
    if (type === "MP") return { type: "MultiPolygon", coordinates: parts.map(rings) };
    if (type === "L") return { type: "LineString", coordinates: line(parts) };
    return { type: "MultiLineString", coordinates: parts.map(line) };
  }

  function init(map, cluster, dataId) {
    var data = JSON.parse(document.getElementById(dataId).textContent);
    var small = window.innerWidth < SMALL_WINDOW;
    // inside the overlay pane, above the borders drawn there: places, then claims, then points on top
    var overlay = map.getPane("overlayPane");
    map.createPane("naAreas", overlay).style.zIndex = 410;
    map.createPane("naClaims", overlay).style.zIndex = 420;
    map.createPane("naPoints", overlay).style.zIndex = 430;
    var borderShapes = data.borders.features.map(function (f) { return geometry(f[1]); });
    drawBorders(map, data.borders, borderShapes);

    var areaLayer = L.layerGroup().addTo(map);
    var pointLayer = cluster || L.layerGroup().addTo(map);
    var state = { all: true, from: null, to: null, pinned: null, query: "" };
    var groups = data.groups.map(function (name, i) {
      return { index: i, name: name, on: true, open: false, places: [], shown: 0, node: null };
    });
    var places = data.places.map(function (d, i) { return makePlace(d, i); });
    groups.forEach(function (g) {
      g.places.sort(function (a, b) { return b.mentions - a.mentions || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0); });
      g.open = g.places.length <= OPEN_GROUP_MAX;
    });

    /* Chromium makes a shape with a tooltip a tab stop: Tab would walk through every place drawn. The keyboard
       reaches places through the layer list (its search box and buttons), so drawn places leave the tab order. */
    function untab(layer) {
      if (layer.eachLayer) layer.eachLayer(untab);
      var node = layer.getElement && layer.getElement();
      if (node) node.setAttribute("tabindex", "-1");
    }

    function makePlace(d, i) {
      var layer;
      if (d.pt) {
        layer = L.circleMarker(d.pt, { pane: "naPoints", radius: d.r, color: "#ffffff", weight: 1.5, fill: true,
                                       fillColor: d.f, fillOpacity: 0.9, className: d.c });
      } else {
        var style = L.extend({}, d.s, { className: d.c });
        var shape = d.b !== undefined ? borderShapes[d.b] : geometry(d);
        layer = L.geoJSON(shape, { pane: d.claimed ? "naClaims" : "naAreas", style: function () { return style; } });
      }
      layer.on("add", function () { untab(layer); });
      var place = { index: i, name: d.n, key: "", group: groups[d.g], mentions: d.m, times: d.t, point: !!d.pt,
                    layer: layer, on: true, visible: false, row: null, box: null };
      layer.bindPopup(function () { return d.p; }, { maxWidth: 420 });
      layer.bindTooltip(d.h, { sticky: true });
      layer.on("popupopen", function () { state.pinned = place; });
      layer.on("popupclose", function () { if (state.pinned === place) { state.pinned = null; apply(); } });
      var probe = document.createElement("span");
      probe.innerHTML = d.n;
      place.key = fold(probe.textContent || "");
      place.label = probe.textContent || "";
      place.group.places.push(place);
      return place;
    }

    /* -- what is shown ------------------------------------------------------------------------------ */
    function inTime(p) {
      if (state.all || !p.times.length) return true;
      var from = firstDay(state.from), to = lastDay(state.to);
      for (var i = 0; i < p.times.length; i++) {
        if (p.times[i][0] <= to && p.times[i][1] >= from) return true;
      }
      return false;
    }
    function shown(p) { return p === state.pinned || (p.on && p.group.on && inTime(p)); }

    function apply() {
      var add = [], remove = [], areasAdded = false;
      places.forEach(function (p) {
        var v = shown(p);
        if (v === p.visible) return;
        p.visible = v;
        if (p.point) { (v ? add : remove).push(p.layer); return; }
        if (v) { areaLayer.addLayer(p.layer); areasAdded = true; } else { areaLayer.removeLayer(p.layer); }
      });
      if (cluster) {
        if (remove.length) cluster.removeLayers(remove);
        if (add.length) cluster.addLayers(add);
      } else {
        remove.forEach(function (l) { pointLayer.removeLayer(l); });
        add.forEach(function (l) { pointLayer.addLayer(l); });
      }
      if (areasAdded) {  // keep the largest areas at the back, so smaller ones stay clickable
        for (var i = places.length - 1; i >= 0; i--) {
          if (!places[i].point && places[i].visible) places[i].layer.bringToBack();
        }
      }
      refreshList();
    }

    /* -- the layer list ----------------------------------------------------------------------------- */
    var panel = el("div", "na-panel leaflet-bar");
    var head = el("button", "na-panel-head", panel);
    head.type = "button";
    var headText = el("span", "na-panel-title", head);
    headText.textContent = "Places";
    var headCount = el("span", "na-panel-count", head);
    var body = el("div", "na-panel-body", panel);
    var search = el("input", "na-search", body);
    search.type = "search";
    search.placeholder = "Search places…";
    search.setAttribute("aria-label", "Search places by name");
    var groupBox = el("div", "na-groups", body);
    var empty = el("div", "na-empty", body);
    empty.textContent = "No place matches.";

    function setCollapsed(collapsed) {
      panel.classList.toggle("na-collapsed", collapsed);
      head.setAttribute("aria-expanded", collapsed ? "false" : "true");
      head.title = collapsed ? "Show the list of places" : "Hide the list of places";
    }
    head.addEventListener("click", function () { setCollapsed(!panel.classList.contains("na-collapsed")); });
    setCollapsed(small);

    groups.forEach(function (g) {
      var box = el("div", "na-group", groupBox);
      box.setAttribute("data-group", String(g.index));
      var row = el("div", "na-group-head", box);
      var toggle = el("input", "na-group-toggle", row);
      toggle.type = "checkbox";
      toggle.checked = true;
      toggle.title = "Show or hide the whole group";
      var opener = el("button", "na-group-open", row);
      opener.type = "button";
      var caret = el("span", "na-caret", opener);
      var name = el("span", "na-group-name", opener);
      name.innerHTML = g.name;  // escaped by Python
      toggle.setAttribute("aria-label", "Show " + name.textContent);
      var count = el("span", "na-group-count", row);
      var list = el("ul", "na-items", box);
      toggle.addEventListener("change", function () { g.on = toggle.checked; apply(); });
      opener.addEventListener("click", function () { g.open = !g.open; refreshList(); });
      g.node = { box: box, toggle: toggle, caret: caret, count: count, list: list, opener: opener };
    });

    function placeRow(p) {
      if (p.row) return p.row;
      var li = el("li", "na-item");
      var box = el("input", "na-item-toggle", li);
      box.type = "checkbox";
      box.setAttribute("aria-label", "Show " + p.label);
      var name = el("button", "na-item-name", li);
      name.type = "button";
      name.innerHTML = p.name;  // escaped by Python
      name.title = "Show on the map";
      var n = el("span", "na-item-n", li);
      n.textContent = String(p.mentions);
      n.title = p.mentions + " mention" + (p.mentions === 1 ? "" : "s");
      box.addEventListener("change", function () { p.on = box.checked; apply(); });
      name.addEventListener("click", function () { focus(p); });
      p.row = li;
      p.box = box;
      return li;
    }

    function refreshList() {
      var query = state.query, any = false, total = 0;
      groups.forEach(function (g) {
        var node = g.node, matches = [], visible = 0;
        g.places.forEach(function (p) {
          if (p.visible) visible++;
          if (!query || p.key.indexOf(query) >= 0) matches.push(p);
        });
        total += visible;
        node.box.style.display = matches.length ? "" : "none";
        any = any || matches.length > 0;
        node.count.textContent = visible + "/" + g.places.length;
        node.count.title = visible + " of " + g.places.length + " shown";
        node.toggle.checked = g.on;
        var open = g.open || (query && matches.length > 0);
        node.caret.textContent = open ? "▾" : "▸";
        node.opener.setAttribute("aria-expanded", open ? "true" : "false");
        node.list.textContent = "";
        if (!open) return;
        matches.slice(0, LIST_LIMIT).forEach(function (p) {
          var li = placeRow(p);
          p.box.checked = p.on;
          li.classList.toggle("na-hidden", !p.visible);
          li.title = p.visible ? "" : (p.on && g.on ? "outside the selected dates" : "hidden");
          node.list.appendChild(li);
        });
        if (matches.length > LIST_LIMIT) {
          var more = el("li", "na-more", node.list);
          more.textContent = "… " + (matches.length - LIST_LIMIT) + " more: type in the search box";
        }
      });
      empty.style.display = any ? "none" : "";
      empty.textContent = places.length ? "No place matches." : "The articles name no place.";
      headCount.textContent = total + " of " + places.length + " shown";
    }

    var searchTimer = null;
    search.addEventListener("input", function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () { state.query = fold(search.value); refreshList(); }, 80);
    });

    /* A place picked in the list is shown whatever the filters say, brought into view and opened. */
    function focus(p) {
      state.pinned = p;
      p.on = true;
      apply();
      if (p.point) {
        if (cluster) {
          cluster.zoomToShowLayer(p.layer, function () { p.layer.openPopup(); });
        } else {
          map.setView(p.layer.getLatLng(), Math.max(map.getZoom(), 6));
          p.layer.openPopup();
        }
      } else {
        map.fitBounds(p.layer.getBounds(), viewPadding());
        p.layer.openPopup();
      }
    }

    var panelControl = L.control({ position: "topright" });
    panelControl.onAdd = function () {
      L.DomEvent.disableClickPropagation(panel);
      L.DomEvent.disableScrollPropagation(panel);
      return panel;
    };
    panelControl.addTo(map);

    /* -- the time control --------------------------------------------------------------------------- */
    if (data.time) {
      var lo = monthOfDay(data.time[0]), hi = monthOfDay(data.time[1]);
      var undated = places.filter(function (p) { return !p.times.length; }).length;
      var tbox = el("div", "na-time");
      var thead = el("div", "na-time-head", tbox);
      var tlabel = el("span", "na-time-label", thead);
      var allButton = el("button", "na-time-all", thead);
      allButton.type = "button";
      allButton.textContent = "Show all dates";
      var fields = el("div", "na-time-fields", tbox);
      var fromInput = el("input", "na-time-from", fields);
      var dash = el("span", "", fields);
      dash.textContent = "to";
      var toInput = el("input", "na-time-to", fields);
      [fromInput, toInput].forEach(function (input) {
        input.type = "month";
        input.min = monthValue(lo);
        input.max = monthValue(hi);
        input.required = true;
      });
      fromInput.setAttribute("aria-label", "From month");
      toInput.setAttribute("aria-label", "To month");
      var hist = el("div", "na-time-hist", tbox);
      hist.title = "Places per month";
      // one bar per month, or per several months when the range is long (at most HIST_BARS bars)
      var step = Math.max(1, Math.ceil((hi - lo + 1) / HIST_BARS)), bars = [], top = 1;
      for (var m = lo; m <= hi; m += step) bars.push(0);
      places.forEach(function (p) {
        var seen = {};
        p.times.forEach(function (t) {
          for (var mm = Math.max(lo, monthOfDay(t[0])); mm <= Math.min(hi, monthOfDay(t[1])); mm++) {
            var b = Math.floor((mm - lo) / step);
            if (!seen[b]) { seen[b] = true; bars[b]++; }
          }
        });
      });
      bars.forEach(function (n) { top = Math.max(top, n); });
      bars.forEach(function (n, i) {
        var bar = el("i", "", hist), first = lo + i * step, last = Math.min(hi, first + step - 1);
        bar.style.height = (n ? Math.max(8, 100 * n / top) : 0) + "%";
        bar.title = monthLabel(first) + (last > first ? " – " + monthLabel(last) : "") + ": " + n + " place" +
          (n === 1 ? "" : "s");
      });
      var track = el("div", "na-time-track", tbox);
      var rangeBar = el("div", "na-time-range", track);
      var fromSlider = el("input", "na-time-slider na-time-slider-from", track);
      var toSlider = el("input", "na-time-slider na-time-slider-to", track);
      [fromSlider, toSlider].forEach(function (s) { s.type = "range"; s.min = lo; s.max = hi; s.step = 1; });
      fromSlider.setAttribute("aria-label", "From month");
      toSlider.setAttribute("aria-label", "To month");
      var ends = el("div", "na-time-ends", tbox);
      el("span", "", ends).textContent = monthLabel(lo);
      el("span", "", ends).textContent = monthLabel(hi);
      if (undated) {
        var note = el("div", "na-time-note", tbox);
        note.textContent = undated + " undated place" + (undated === 1 ? " is" : "s are") +
          " always shown (no date in their sentences or article).";
      }

      var showRange = function (from, to) {
        from = Math.max(lo, Math.min(hi, from));
        to = Math.max(lo, Math.min(hi, to));
        if (from > to) { var t = from; from = to; to = t; }
        state.all = false;
        state.from = from;
        state.to = to;
        syncTime();
        apply();
      };
      var showAll = function () {
        state.all = true;
        state.from = lo;
        state.to = hi;
        syncTime();
        apply();
      };
      var syncTime = function () {
        fromInput.value = monthValue(state.from);
        toInput.value = monthValue(state.to);
        fromSlider.value = state.from;
        toSlider.value = state.to;
        var span = Math.max(hi - lo, 1);
        rangeBar.style.left = (100 * (state.from - lo) / span) + "%";
        rangeBar.style.right = (100 * (hi - state.to) / span) + "%";
        tbox.classList.toggle("na-time-filtered", !state.all);
        allButton.disabled = state.all;
        tlabel.textContent = state.all ? "When: all dates" :
          "When: " + monthLabel(state.from) + (state.to !== state.from ? " – " + monthLabel(state.to) : "");
      };
      fromSlider.addEventListener("input", function () { showRange(Number(fromSlider.value), state.to); });
      toSlider.addEventListener("input", function () { showRange(state.from, Number(toSlider.value)); });
      fromInput.addEventListener("change", function () {
        var m = parseMonth(fromInput.value);
        if (m !== null) showRange(m, Math.max(m, state.to)); else syncTime();
      });
      toInput.addEventListener("change", function () {
        var m = parseMonth(toInput.value);
        if (m !== null) showRange(Math.min(m, state.from), m); else syncTime();
      });
      allButton.addEventListener("click", showAll);
      state.from = lo;
      state.to = hi;
      syncTime();
      L.DomEvent.disableClickPropagation(tbox);
      L.DomEvent.disableScrollPropagation(tbox);
      map.getContainer().appendChild(tbox);  // a bar at the bottom centre, outside Leaflet's corners
    }

    /* -- the legend --------------------------------------------------------------------------------- */
    if (data.legend && places.length) {
      var legend = el("details", "na-legend-box leaflet-bar");
      var summary = el("summary", "", legend);
      summary.textContent = "Legend";
      var inner = el("div", "", legend);
      inner.innerHTML = data.legend;  // escaped by Python
      legend.open = !small;
      var legendControl = L.control({ position: "bottomleft" });
      legendControl.onAdd = function () { L.DomEvent.disableClickPropagation(legend); return legend; };
      legendControl.addTo(map);
    }

    /* -- first view: where most mentions are -------------------------------------------------------- */
    function viewPadding() {
      var size = map.getSize(), right = panel.classList.contains("na-collapsed") ? 20 : panel.offsetWidth + 20;
      var bar = document.querySelector(".na-time"), bottom = bar ? bar.offsetHeight + 20 : 20;
      return { paddingTopLeft: [20, 70],
               paddingBottomRight: [Math.min(right, size.x / 2), Math.min(bottom, size.y / 3)] };
    }
    apply();
    map.fitBounds(data.view, viewPadding());
    map.getContainer().setAttribute("data-na-ready", "1");
    window.newsAtlas = { map: map, cluster: cluster, places: places, state: state, apply: apply };
  }

  function drawBorders(map, borders, shapes) {
    var features = borders.features.map(function (f, i) {
      return { type: "Feature", properties: { shade: f[0] }, geometry: shapes[i] };
    });
    L.geoJSON({ type: "FeatureCollection", features: features }, {
      interactive: false,
      attribution: "Borders: Natural Earth",
      style: function (feature) {
        var shade = feature.properties.shade;
        return { color: borders.line, weight: 0.7, fillColor: shade >= 0 ? borders.shades[shade] : borders.land,
                 fillOpacity: borders.tiles ? (shade >= 0 ? borders.fillOpacity : 0) : 1 };
      }
    }).addTo(map);
  }

  window.NewsAtlas = { init: init, fold: fold };
})();
