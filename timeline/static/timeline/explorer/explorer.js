/* The explorer: a map, a timeline and a list of the events the API gives this visitor.

   Everything comes from the API (/api/v1/) with the visitor's session, so the page can show
   nothing the API would not; it never filters events itself. The map draws the matching
   events counted per place (events/places.geojson), clustered, so that it stays light with
   100,000 events; clicking a place lists its events from the API. Once the page is drawn, the
   places are fetched again with their counts by month (months=true), so that a date window of
   whole months (what the brush sets) is then counted here, exactly as the API would count it,
   without a request. The page's address holds the filters, the map's view and the selected
   event, so a view can be cited and reopened. The root element gets data-ready="true" once the
   map, the timeline and the list are drawn, and "false" while they are being redrawn. */
(function () {
  "use strict";

  var root = document.getElementById("explorer");
  var API = root.dataset.api;
  var SEES_RESTRICTED = root.dataset.seesRestricted === "true";
  // The API's own parameters, with the API's meaning: `place` alone is the events at that
  // place, `include_children=true` adds the places inside it. The address holds them as the
  // API takes them, so that a cited view's query gives the same events from the API.
  var FILTERS = ["from", "to", "type", "place", "include_children", "actor", "source", "q"];
  var WINDOW = ["from", "to"];
  // The map's view and the list's page are the API's parameters too; the selected event is
  // the page's own, so it goes after the # (#event=7), where the API never sees it.
  var VIEW = ["bbox", "page", "event"];
  var PAGE_SIZE = 100;
  var DAY = 864e5;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var BROAD_PLACES = { district: true, region: true, country: true };
  var PRECISION_TEXT = {
    exact: "exact site",
    settlement: "settlement: the point is the town, not a site in it",
    district: "district: the point is the district's centre, not a site",
    region: "region: the point is the region's centre, not a site",
    country: "country: the point is the country's centre, not a site",
  };

  var state = readState();
  var generation = 0;
  var map, pointLayer, areaLayer, highlightLayer, canvas, index;
  var mapFeatures = []; // places with matching events, each with its count
  var placeData = { key: null, features: [], zero: 0, width: 3 }; // every date, by month
  var brushReleased = null; // when the brush was last released, for the benchmark
  var events = []; // the list's page, from events/
  var eventCount = 0;
  var histogram = { buckets: [], spanning: 0, domain: null };
  var cache = { sources: {}, places: {} };
  var lastTouched = 0; // when the reader last used the map: only their moves change the view
  // Fitted once the page is laid out, so that the map has its size: a bbox, or "results" for
  // the located results (the first view and each change of the filters, unless the address
  // holds the map's view).
  var pendingFit = "results";
  var moveTimer = null;

  // --- the address --------------------------------------------------------------------------

  function readState() {
    var params = new URLSearchParams(location.search);
    var found = {};
    FILTERS.concat(VIEW).forEach(function (key) {
      found[key] = params.get(key) || "";
    });
    // ?event= is how addresses cited before the # held it.
    found.event = new URLSearchParams(location.hash.slice(1)).get("event") || found.event;
    // The API's other spellings of a boolean; anything else goes to the API, which refuses it.
    var inside = found.include_children.toLowerCase();
    if (["true", "1", "yes", "false", "0", "no"].indexOf(inside) >= 0) {
      found.include_children = ["true", "1", "yes"].indexOf(inside) >= 0 ? "true" : "";
    }
    return found;
  }

  function pageQuery() {
    var params = new URLSearchParams();
    FILTERS.concat(VIEW).forEach(function (key) {
      if (state[key] && key !== "event" && !(key === "page" && state[key] === "1")) {
        params.set(key, state[key]);
      }
    });
    if (params.has("page")) {
      params.set("page_size", PAGE_SIZE); // so that page=2 is the same events in the API
    }
    return params.toString().replace(/%2C/g, ","); // bbox=36.5,47.5,… reads better than %2C
  }

  function writeAddress(push) {
    var query = pageQuery();
    var url = location.pathname + (query ? "?" + query : "") + (state.event ? "#event=" + state.event : "");
    if (url !== location.pathname + location.search + location.hash) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
    document.getElementById("cite-url").value = location.href;
    drawExports();
  }

  /** The API's parameters for the current filters: without the date window for the map and
      the histogram (they show it as context), with the map's view for the list. */
  function apiParams(options) {
    var params = new URLSearchParams();
    FILTERS.forEach(function (key) {
      if (state[key] && !(options.noWindow && WINDOW.indexOf(key) >= 0)) {
        params.set(key, state[key]);
      }
    });
    if (options.bbox && state.bbox) {
      params.set("bbox", state.bbox);
    }
    return params;
  }

  // --- the API ------------------------------------------------------------------------------

  function ApiError(status, body) {
    this.status = status;
    this.body = body || {};
    this.message = "HTTP " + status;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        if (response.ok) {
          return response.json();
        }
        return response.json().catch(function () { return {}; }).then(function (body) {
          throw new ApiError(response.status, body);
        });
      }
    );
  }

  function api(path, params) {
    var query = params ? params.toString() : "";
    return getJSON(API + path + (query ? "?" + query : ""));
  }

  function describeError(error) {
    if (error instanceof ApiError) {
      var body = error.body;
      var fields = body.errors || body;
      var parts = [];
      Object.keys(fields).forEach(function (key) {
        var value = fields[key];
        parts.push(key + ": " + (Array.isArray(value) ? value.join(" ") : String(value)));
      });
      return "The API refused this view (" + error.status + "). " + parts.join("; ");
    }
    return "Something failed: " + error.message;
  }

  function status(text, isError) {
    var element = document.getElementById("status");
    element.textContent = text;
    element.classList.toggle("error", Boolean(isError));
  }

  // --- loading ------------------------------------------------------------------------------

  /** Fetch and draw; `withMap` also refetches the map's points (when the filters changed);
      data-ready also waits for `alsoWaitFor` (the basemap, the first time). `keepCounts` keeps
      the histogram's counts, which neither the date window nor the page changes. */
  function refresh(withMap, alsoWaitFor, keepCounts) {
    var mine = ++generation;
    root.dataset.ready = "false";
    status("Loading…");
    var jobs = [loadList(mine)];
    var drawn = false; // the map's marks, for this refresh's counts
    if (!keepCounts) {
      jobs.push(loadHistogram(mine));
    }
    if (withMap) {
      // The map is drawn as soon as its counts are known (at once, for a window of whole
      // months), not after the list: what a brush waits for is only its own arithmetic.
      jobs.push(loadMap(mine).then(function () {
        if (mine === generation && drawMapPoints.source) {
          drawMapPoints();
          drawn = true;
          if (brushReleased !== null) {
            root.dataset.brushMapMs = (performance.now() - brushReleased).toFixed(1);
          }
        }
      }));
    }
    var began = performance.now();
    if (alsoWaitFor) {
      jobs.push(alsoWaitFor);
    }
    return Promise.all(jobs)
      .then(function () {
        if (mine !== generation) {
          return;
        }
        drawHistogram();
        drawSpans();
        drawList();
        // The map's size follows its container by the ResizeObserver (setUpMap); asked here
        // only before a fit, as it forces a layout (most of a brush's time, bench/RESULTS.md).
        if (pendingFit) {
          map.invalidateSize({ animate: false });
          if (pendingFit === "results") {
            fitTo(resultsBox(mapFeatures));
          } else {
            showView(pendingFit);
          }
          pendingFit = null;
          drawn = false;
        }
        if (!drawn) {
          drawMapPoints(); // a brush's marks are drawn already: a second pass cost as much
        }
        drawStatus();
        if (brushReleased !== null) {
          root.dataset.brushReadyMs = (performance.now() - brushReleased).toFixed(0);
          brushReleased = null;
        }
        // For the benchmark: how long this refresh took, from the requests to the last mark.
        root.dataset.refreshMs = (performance.now() - began).toFixed(0);
        if (state.event) {
          return showEvent(Number(state.event), false);
        }
      })
      .then(function () {
        if (mine === generation) {
          root.dataset.ready = "true";
          // For the benchmark: ms from the navigation's start to the first whole page.
          root.dataset.readyMs = root.dataset.readyMs || performance.now().toFixed(0);
          loadMonths();
        }
      })
      .catch(function (error) {
        if (mine === generation) {
          status(describeError(error), true);
          root.dataset.ready = "true";
        }
      });
  }

  /** The places with matching events in the window: counted here from the months when they
      are loaded for these filters and the window is of whole months, else by the API. */
  function loadMap(mine) {
    var months = windowMonths();
    if (months && placeData.key === monthsKey()) {
      var began = performance.now();
      mapFeatures = countInMonths(months);
      root.dataset.countMs = (performance.now() - began).toFixed(1); // for the benchmark
      return Promise.resolve();
    }
    return api("events/places.geojson", apiParams({})).then(function (collection) {
      if (mine !== generation) {
        return;
      }
      mapFeatures = collection.features;
    });
  }

  function monthsKey() {
    var params = apiParams({ noWindow: true });
    params.set("months", "true");
    return params.toString();
  }

  /** The places of every date with their counts by month, for the filters but the window;
      after the page is drawn, so that the first view never waits for them. */
  function loadMonths() {
    var key = monthsKey();
    if (placeData.key === key || loadMonths.pending === key) {
      return;
    }
    loadMonths.pending = key;
    root.dataset.monthsReady = "false";
    getJSON(API + "events/places.geojson?" + key).then(function (collection) {
      if (loadMonths.pending !== key) {
        return; // the filters changed meanwhile
      }
      loadMonths.pending = null;
      placeData = {
        key: key,
        features: collection.features,
        zero: monthNumber(collection.months.zero),
        width: collection.months.cell.length,
      };
      root.dataset.monthsReady = "true";
      root.dataset.monthsMs = root.dataset.monthsMs || performance.now().toFixed(0); // benchmark
    }).catch(function () {
      loadMonths.pending = null; // the API counts each window instead
    });
  }

  function monthNumber(text) {
    return Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7)) - 1;
  }

  /** The window as month numbers (both ends included), or null when it does not start on a
      month's first day and end on a month's last. */
  function windowMonths() {
    var startsMonth = !state.from || state.from.slice(8) === "01";
    var endsMonth = !state.to || isoDay(day(state.to) + DAY).slice(8) === "01";
    if (!startsMonth || !endsMonth) {
      return null;
    }
    return {
      first: state.from ? monthNumber(state.from) : -Infinity,
      last: state.to ? monthNumber(state.to) : Infinity,
    };
  }

  /** Each place with the events of the window: those whose last month is not before the
      window's first and whose first month is not after its last. */
  function countInMonths(months) {
    if (!state.from && !state.to) {
      return placeData.features;
    }
    var first = months.first - placeData.zero;
    var last = months.last - placeData.zero;
    var width = placeData.width;
    var kept = [];
    placeData.features.forEach(function (feature) {
      var cells = feature.properties.months;
      var count = 0;
      var restricted = 0;
      for (var at = 0; at < cells.length; at += width) {
        if (cells[at] <= last && cells[at] + cells[at + 1] >= first) {
          count += cells[at + 2];
          restricted += width > 3 ? cells[at + 3] : 0;
        }
      }
      if (count) {
        var of = feature.properties;
        var properties = {
          place_id: of.place_id, place_name: of.place_name, place_precision: of.place_precision, count: count,
        };
        if (width > 3) {
          properties.restricted = restricted;
        }
        kept.push({ type: "Feature", id: feature.id, geometry: feature.geometry, properties: properties });
      }
    });
    return kept;
  }

  function loadList(mine) {
    var params = apiParams({ bbox: true });
    params.set("page_size", PAGE_SIZE);
    if (state.page && state.page !== "1") {
      params.set("page", state.page);
    }
    return api("events/", params).then(function (body) {
      if (mine !== generation) {
        return;
      }
      events = body.results;
      eventCount = body.count;
    });
  }

  /** Month counts from the grouped timeline (per_bucket=0: counts only), every page of them. */
  function loadHistogram(mine) {
    var params = apiParams({ noWindow: true, bbox: true });
    params.set("group", "month");
    params.set("per_bucket", "0");
    params.set("page_size", "100");
    var buckets = [];
    function page(body) {
      buckets = buckets.concat(body.results);
      if (body.next && mine === generation) {
        return getJSON(body.next).then(page);
      }
      if (mine === generation) {
        histogram.buckets = buckets.map(function (bucket) {
          return { start: day(bucket.start), end: day(bucket.end) + DAY, count: bucket.count };
        });
        histogram.spanning = body.spanning ? body.spanning.count : 0;
      }
    }
    return api("timeline/", params).then(page);
  }

  // Type, place, actor and source are typed, not picked from a long list: the types come
  // with the page; places, actors and sources are suggested by the API's own search (?q=) as
  // the reader types, and the filter holds the chosen record's id.
  var LOOKUP_LABELS = {
    places: function (place) {
      var where = [place.admin1, place.country_code].filter(Boolean).join(", ");
      return place.name + (where && where !== place.name ? " (" + where + ")" : "");
    },
    actors: function (actor) { return actor.name + (actor.is_pseudonym ? " (pseudonym)" : ""); },
    sources: function (source) { return source.outlet + ": " + source.title; },
  };
  var lookups = {};

  function setUpLookups() {
    var form = document.getElementById("filters");
    form.querySelectorAll("[data-lookup]").forEach(function (input) {
      var key = input.dataset.lookup;
      var lookup = {
        input: input,
        hidden: form.elements[key],
        list: document.getElementById(input.getAttribute("list")),
        resource: input.dataset.resource || null,
        ids: {}, // the text of each suggestion, in lower case -> its id
        texts: {}, // and back
        timer: null,
        asked: "",
      };
      lookup.list.querySelectorAll("option").forEach(function (option) {
        lookup.ids[option.value.toLowerCase()] = option.dataset.id;
        lookup.ids[option.dataset.id] = option.dataset.id; // a type's slug, as the API names it
        lookup.texts[option.dataset.id] = option.value;
      });
      input.addEventListener("input", function () { onLookupInput(lookup); });
      input.addEventListener("change", function () { onLookupInput(lookup); });
      lookups[key] = lookup;
    });
  }

  function onLookupInput(lookup) {
    var text = lookup.input.value.trim();
    lookup.hidden.value = lookup.ids[text.toLowerCase()] || "";
    lookup.input.setCustomValidity("");
    if (!lookup.resource || lookup.hidden.value || text.length < 2 || text === lookup.asked) {
      return;
    }
    clearTimeout(lookup.timer);
    lookup.timer = setTimeout(function () { suggest(lookup, text); }, 200);
  }

  function remember(lookup, record) {
    var text = LOOKUP_LABELS[lookup.resource](record);
    var known = lookup.ids[text.toLowerCase()];
    if (known && known !== String(record.id)) {
      text += " · #" + record.id; // two records that read alike stay apart
    }
    lookup.ids[text.toLowerCase()] = String(record.id);
    lookup.texts[record.id] = text;
    return text;
  }

  function suggest(lookup, text) {
    lookup.asked = text;
    var params = new URLSearchParams({ q: text, page_size: "20" });
    return api(lookup.resource + "/", params).then(function (body) {
      if (lookup.input.value.trim() !== text) {
        return; // the reader typed on
      }
      lookup.list.textContent = "";
      body.results.forEach(function (record) {
        lookup.list.appendChild(el("option", { value: remember(lookup, record) }));
      });
      lookup.input.dataset.suggestions = String(body.results.length);
    }).catch(function (error) { status(describeError(error), true); });
  }

  /** The text for a filter's id: known, or asked of the API (an address opened cold). */
  function lookupText(lookup, id) {
    if (!id || lookup.texts[id]) {
      return Promise.resolve(lookup.texts[id] || "");
    }
    if (!lookup.resource) {
      return Promise.resolve(id);
    }
    return api(lookup.resource + "/" + encodeURIComponent(id) + "/")
      .then(function (record) { return remember(lookup, record); })
      .catch(function () { return "#" + id; });
  }

  // --- the filters form ---------------------------------------------------------------------

  function syncForm() {
    var form = document.getElementById("filters");
    // Unticked only where the address names a place without the places inside it.
    form.elements.include_children.checked = !state.place || state.include_children === "true";
    FILTERS.forEach(function (key) {
      if (key === "include_children") {
        return;
      }
      form.elements[key].value = state[key];
      var lookup = lookups[key];
      if (lookup) {
        lookup.input.setCustomValidity("");
        lookupText(lookup, state[key]).then(function (text) {
          if (lookup.hidden.value === state[key]) {
            lookup.input.value = text;
          }
        });
      }
    });
  }

  function onSubmit(event) {
    event.preventDefault();
    var form = event.target;
    var unknown = Object.keys(lookups).filter(function (key) {
      return lookups[key].input.value.trim() && !lookups[key].hidden.value;
    });
    if (unknown.length) {
      var lookup = lookups[unknown[0]];
      lookup.input.setCustomValidity("Choose one of the suggestions, or clear this field.");
      lookup.input.reportValidity();
      return;
    }
    FILTERS.forEach(function (key) {
      if (key !== "include_children") {
        state[key] = form.elements[key].value.trim();
      }
    });
    state.include_children = state.place && form.elements.include_children.checked ? "true" : "";
    state.page = "";
    state.event = "";
    writeAddress(true);
    if (!state.bbox) {
      pendingFit = "results";
    }
    refresh(true);
  }

  function onClear() {
    FILTERS.concat(VIEW).forEach(function (key) {
      state[key] = "";
    });
    syncForm();
    writeAddress(true);
    pendingFit = "results";
    closePanel();
    refresh(true);
  }

  // --- the map ------------------------------------------------------------------------------

  function setUpMap() {
    map = L.map("map", { preferCanvas: true, worldCopyJump: false, minZoom: 2 });
    map.setView([50, 45], 3);
    var basemap = window.ChronotopeBasemap.add(
      map, root.dataset.basemapUrl, root.dataset.regionsUrl, root.dataset.basemapCoarseUrl
    );
    if (root.dataset.tileUrl) {
      L.tileLayer(root.dataset.tileUrl, { maxZoom: 18, attribution: root.dataset.tileAttribution }).addTo(map);
    }
    L.control.scale({ imperial: false }).addTo(map);
    canvas = L.canvas({ padding: 0.3 });
    areaLayer = L.layerGroup().addTo(map);
    pointLayer = L.layerGroup().addTo(map);
    highlightLayer = L.layerGroup().addTo(map);
    if (state.bbox) {
      pendingFit = state.bbox.split(",").map(Number);
    }
    map.on("moveend", onMapMoved);
    ["pointerdown", "wheel", "keydown", "touchstart"].forEach(function (type) {
      map.getContainer().addEventListener(type, function () { lastTouched = Date.now(); }, { passive: true });
    });
    if (window.ResizeObserver) {
      new ResizeObserver(function () { map.invalidateSize({ animate: false }); }).observe(map.getContainer());
    }
    return basemap;
  }

  /** The box of the located results, [west, south, east, north]. A country's point is only its
      centre (Russia's lies in Siberia): it is fitted only when no finer place matches. */
  function resultsBox(features) {
    var finer = features.filter(function (feature) { return feature.properties.place_precision !== "country"; });
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    (finer.length ? finer : features).forEach(function (feature) { extendBox(box, feature.geometry.coordinates || []); });
    return isFinite(box[0]) ? box : null;
  }

  function extendBox(box, coordinates) {
    if (typeof coordinates[0] === "number") {
      box[0] = Math.min(box[0], coordinates[0]);
      box[1] = Math.min(box[1], coordinates[1]);
      box[2] = Math.max(box[2], coordinates[0]);
      box[3] = Math.max(box[3], coordinates[1]);
      return;
    }
    coordinates.forEach(function (part) { extendBox(box, part); });
  }

  function fitTo(bbox) {
    if (!bbox || bbox.length !== 4 || bbox.some(isNaN)) {
      return;
    }
    map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]], { animate: false, padding: [24, 24], maxZoom: 9 });
  }

  /** The map's view from the address, at the zoom it was cited at: a view's bbox, rounded to
      4 decimals, can be a hair wider than the view, and fitBounds then zoomed a level out. */
  function showView(bbox) {
    if (!bbox || bbox.length !== 4 || bbox.some(isNaN)) {
      return;
    }
    var bounds = L.latLngBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]]);
    var snap = map.options.zoomSnap;
    map.options.zoomSnap = 0; // the zoom unrounded, rounded below with a tolerance
    var zoom = map.getBoundsZoom(bounds, false);
    map.options.zoomSnap = snap;
    map.setView(bounds.getCenter(), Math.floor(zoom + 0.05), { animate: false });
  }

  function onMapMoved() {
    if (!index) {
      return;
    }
    drawMapPoints();
    if (Date.now() - lastTouched > 2000) {
      return; // fitted by the page (a restored view, a resize), not moved by the reader
    }
    // The view is part of the citation, and the list shows what is in it.
    var bounds = map.getBounds();
    state.bbox = [
      Math.max(-180, bounds.getWest()), Math.max(-90, bounds.getSouth()),
      Math.min(180, bounds.getEast()), Math.min(90, bounds.getNorth()),
    ].map(function (value) { return value.toFixed(4); }).join(",");
    state.page = "";
    writeAddress(false);
    clearTimeout(moveTimer);
    moveTimer = setTimeout(function () { refresh(false); }, 350);
  }

  function inWindow(properties) {
    return (!state.from || properties.latest >= state.from) && (!state.to || properties.earliest <= state.to);
  }

  // A cluster's mark is this wide (px) for fewer than 10, 100, 1,000 events, and for more.
  var CLUSTER_SIZES = [24, 30, 36, 42];
  // Places nearer than this (px) are clustered: the widest cluster mark and a margin. It is in
  // screen pixels because supercluster's `extent` is set to Leaflet's tile size (256); with
  // its default (512) the radius was half as many pixels and marks overlapped.
  var CLUSTER_RADIUS = 48;
  var GRID = 64; // px: more than any two marks' radii together, for separate()
  var CLUSTER_MAX_ZOOM = 10; // past it places stand alone: each level is another pass over them all
  var LABELS_FROM_ZOOM = 7;
  var LABEL_GAP = 3; // px between a mark and its label
  var LABEL_HEIGHT = 18; // px: .place-label's 12px text at Leaflet's line height
  var LABEL_PADDING = 8; // px: .place-label's padding, left and right

  function clusterSize(count) {
    return CLUSTER_SIZES[count < 10 ? 0 : count < 100 ? 1 : count < 1000 ? 2 : 3];
  }

  function dotRadius(properties) {
    return (BROAD_PLACES[properties.place_precision] ? 12 : 5) + Math.min(8, Math.log2(properties.count) * 1.5);
  }

  /** The marks with their points on the map (px) and radii, the most events first.
      Supercluster puts a cluster at the weighted centre of its places, which can drift to
      within reach of another mark: each mark that would overlap a larger one is folded into it
      (its events and places added), so that no mark hides another. Past the last zoom that
      clusters, places stand alone, each a mark of its own to click, even where they touch. */
  function separate(marks, zoom) {
    var folds = zoom <= CLUSTER_MAX_ZOOM;
    var grid = {};
    var kept = [];
    marks.slice().sort(function (one, other) { return other.properties.count - one.properties.count; }).forEach(function (mark) {
      var properties = mark.properties;
      var point = map.project([mark.geometry.coordinates[1], mark.geometry.coordinates[0]], zoom);
      var radius = properties.cluster ? clusterSize(properties.count) / 2 : dotRadius(properties);
      var column = Math.floor(point.x / GRID);
      var row = Math.floor(point.y / GRID);
      var host = null;
      for (var dx = -1; dx <= 1 && folds && !host; dx++) {
        for (var dy = -1; dy <= 1 && !host; dy++) {
          host = (grid[(column + dx) + "," + (row + dy)] || []).filter(function (other) {
            return point.distanceTo(other.point) < radius + other.radius;
          })[0] || null;
        }
      }
      if (host) {
        var into = host.mark.properties;
        host.mark.properties = Object.assign({}, into, {
          cluster: true,
          count: into.count + properties.count,
          point_count: (into.point_count || 1) + (properties.point_count || 1),
        });
        host.radius = clusterSize(host.mark.properties.count) / 2; // as it is now drawn
        host.members.push(mark);
        return;
      }
      var placed = {
        mark: { type: "Feature", geometry: mark.geometry, properties: properties }, point: point, radius: radius, members: [mark],
      };
      var key = column + "," + row;
      (grid[key] = grid[key] || []).push(placed);
      kept.push(placed);
    });
    return kept;
  }

  function placeLabel(properties) {
    return properties.place_name + " · " + properties.count + " event" + (properties.count === 1 ? "" : "s");
  }

  /** From LABELS_FROM_ZOOM on, places get a permanent label right of their mark, the most
      events first, each only where it covers no mark and no label already placed and ends
      within the map; the others show theirs on hover. Marks the items that get one (`labelled`). */
  function placeLabels(placed) {
    var font = "12px " + getComputedStyle(map.getContainer()).fontFamily; // .place-label's
    var edge = map.getPixelBounds().max.x;
    var boxes = placed.map(function (item) {
      return box(item.point.x - item.radius, item.point.y - item.radius, 2 * item.radius, 2 * item.radius);
    });
    placed.forEach(function (item) {
      if (item.mark.properties.cluster) {
        return;
      }
      var label = box(
        item.point.x + item.radius + LABEL_GAP, item.point.y - LABEL_HEIGHT / 2,
        textWidthOf(placeLabel(item.mark.properties), font) + LABEL_PADDING, LABEL_HEIGHT
      );
      var clear = label.right <= edge && boxes.every(function (other) {
        return other.right <= label.left || other.left >= label.right || other.bottom <= label.top || other.top >= label.bottom;
      });
      if (clear) {
        boxes.push(label);
        item.labelled = true;
      }
    });
  }

  function box(left, top, width, height) {
    return { left: left, top: top, right: left + width, bottom: top + height };
  }

  /** Cluster the places (supercluster, adding up their counts) and redraw what the view shows:
      a few hundred marks at most, whatever the number of events. Areas are drawn as areas. */
  function drawMapPoints() {
    var began = performance.now();
    if (drawMapPoints.source !== mapFeatures) {
      var points = [];
      var areas = [];
      mapFeatures.forEach(function (feature) {
        (feature.geometry.type === "Point" ? points : areas).push(feature);
      });
      index = new Supercluster({
        radius: CLUSTER_RADIUS,
        extent: 256,
        maxZoom: CLUSTER_MAX_ZOOM,
        minPoints: 2,
        map: function (properties) { return { count: properties.count }; },
        reduce: function (total, properties) { total.count += properties.count; },
      }).load(points);
      drawMapPoints.source = mapFeatures;
      drawAreas(areas);
    }
    var bounds = map.getBounds();
    var zoom = Math.round(map.getZoom());
    var placed = separate(index.getClusters(
      [Math.max(-180, bounds.getWest()), Math.max(-85, bounds.getSouth()), Math.min(180, bounds.getEast()), Math.min(85, bounds.getNorth())],
      zoom
    ), zoom);
    if (zoom >= LABELS_FROM_ZOOM) {
      placeLabels(placed);
    }
    pointLayer.clearLayers();
    // How many events the marks in view stand for: what a test or a reader can check.
    root.dataset.eventsInView = placed.reduce(function (sum, item) { return sum + item.mark.properties.count; }, 0);
    root.dataset.zoom = zoom;
    placed.forEach(function (item) {
      var mark = item.mark;
      var latlng = [mark.geometry.coordinates[1], mark.geometry.coordinates[0]];
      var count = mark.properties.count;
      if (mark.properties.cluster) {
        var size = clusterSize(count);
        var marker = L.marker(latlng, {
          icon: L.divIcon({ className: "cluster", html: "<span>" + abbreviate(count) + "</span>", iconSize: [size, size] }),
          title: count + " events at " + mark.properties.point_count + " places; click to zoom in",
          keyboard: false,
        });
        marker.on("click", function () { zoomInto(item.members, zoom); });
        pointLayer.addLayer(marker);
        return;
      }
      var properties = mark.properties;
      var broad = BROAD_PLACES[properties.place_precision];
      var circle = L.circleMarker(latlng, {
        renderer: canvas,
        radius: dotRadius(properties),
        color: properties.restricted ? "#b3261e" : broad ? "#7a4fa0" : "#ffffff",
        weight: properties.restricted ? 2.5 : broad ? 2 : 1.5,
        dashArray: broad ? "4 3" : null,
        fillColor: broad ? "#7a4fa0" : "#c2410c",
        fillOpacity: broad ? 0.12 : 0.9,
      });
      var label = escapeHtml(placeLabel(properties));
      if (item.labelled) {
        // Leaflet puts a right-hand tooltip 6 px (its CSS margin) past the offset.
        circle.bindTooltip(label, { permanent: true, direction: "right", offset: [item.radius + LABEL_GAP - 6, 0], className: "place-label" });
      } else {
        circle.bindTooltip(label, { direction: "top" });
      }
      circle.on("click", function () { listPlace(properties); });
      pointLayer.addLayer(circle);
    });
    // For the benchmark: how long the last redraw of the map's marks took, in ms.
    root.dataset.mapDrawMs = (performance.now() - began).toFixed(1);
  }

  /** Zoom to where a mark's clusters split (supercluster's expansion zoom; the latest of them
      when separate() folded several into one mark), centred on the places they hold. */
  function zoomInto(members, zoom) {
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    var expansion = zoom + 1;
    members.forEach(function (member) {
      var clusterId = member.properties.cluster_id;
      if (clusterId === undefined) {
        extendBox(box, member.geometry.coordinates);
        return;
      }
      expansion = Math.max(expansion, index.getClusterExpansionZoom(clusterId));
      index.getLeaves(clusterId, Infinity).forEach(function (leaf) { extendBox(box, leaf.geometry.coordinates); });
    });
    map.setView([(box[1] + box[3]) / 2, (box[0] + box[2]) / 2], Math.min(expansion, CLUSTER_MAX_ZOOM + 1));
  }

  function abbreviate(count) {
    return count >= 10000 ? Math.round(count / 1000) + "k" : count >= 1000 ? (count / 1000).toFixed(1) + "k" : String(count);
  }

  function drawAreas(areas) {
    areaLayer.clearLayers();
    if (!areas.length) {
      return;
    }
    L.geoJSON({ type: "FeatureCollection", features: areas }, {
      renderer: canvas,
      style: { color: "#7a4fa0", weight: 1.5, fillOpacity: 0.12, dashArray: "4 3" },
      onEachFeature: function (feature, layer) {
        layer.on("click", function () { listPlace(feature.properties); });
      },
    }).eachLayer(function (layer) { areaLayer.addLayer(layer); });
  }

  /** The matching events at one place (and the places inside it), from the API. */
  function listPlace(properties) {
    var params = apiParams({});
    params.set("place", properties.place_id);
    params.set("include_children", "true");
    params.set("page_size", "200");
    return api("events/", params).then(function (body) {
      var panel = openPanel();
      panel.appendChild(el("h2", {}, properties.place_name));
      panel.appendChild(el("p", { className: "meta" }, [
        body.count + " matching event" + (body.count === 1 ? "" : "s") + " · ",
        PRECISION_TEXT[properties.place_precision] || properties.place_precision,
      ]));
      var list = el("ul", { className: "here" });
      body.results.forEach(function (event) {
        var button = el("button", { type: "button" }, event.title);
        button.addEventListener("click", function () { selectEvent(event.id); });
        list.appendChild(el("li", {}, [button, el("span", { className: "meta" }, " · " + event.label)]));
      });
      panel.appendChild(list);
      if (body.count > body.results.length) {
        panel.appendChild(el("p", { className: "meta" }, "The first " + body.results.length + "; narrow the filters to see the rest."));
      }
    }).catch(function (error) { status(describeError(error), true); });
  }

  function highlight(event) {
    highlightLayer.clearLayers();
    if (event && event.place && event.place.latitude !== null) {
      L.circleMarker([event.place.latitude, event.place.longitude], {
        radius: 16, color: "#111827", weight: 3, fill: false, interactive: false, renderer: canvas,
      }).addTo(highlightLayer);
    }
  }

  // --- the histogram and the brush ----------------------------------------------------------

  function day(text) {
    var parts = text.split("-").map(Number);
    return Date.UTC(parts[0], parts[1] - 1, parts[2]);
  }

  function isoDay(time) {
    return new Date(time).toISOString().slice(0, 10);
  }

  function histogramDomain() {
    var start = Infinity;
    var end = -Infinity;
    histogram.buckets.forEach(function (bucket) {
      start = Math.min(start, bucket.start);
      end = Math.max(end, bucket.end);
    });
    if (state.from) { start = Math.min(start, day(state.from)); }
    if (state.to) { end = Math.max(end, day(state.to) + DAY); }
    if (!isFinite(start)) {
      // No month holds an event whole: the listed events' known days, leaving out open ends
      // (an open end lies years away only because the reports give no bound).
      events.forEach(function (event) {
        var shape = dateShape(event);
        if (!(shape.kind === "open" && shape.openStart)) { start = Math.min(start, day(event.earliest)); }
        if (!(shape.kind === "open" && shape.openEnd)) { end = Math.max(end, day(event.latest) + DAY); }
        if (shape.kind === "open" && shape.openStart) { start = Math.min(start, day(event.latest) - 30 * DAY); }
        if (shape.kind === "open" && shape.openEnd) { end = Math.max(end, day(event.earliest) + 30 * DAY); }
      });
    }
    if (!isFinite(start)) {
      var now = Date.now();
      return [now - 365 * DAY, now];
    }
    if (end - start < 60 * DAY) {
      start -= 30 * DAY;
      end += 30 * DAY;
    }
    return [start, end];
  }

  function scale(domain, width, left) {
    var span = domain[1] - domain[0];
    var forward = function (time) { return left + ((time - domain[0]) / span) * width; };
    forward.invert = function (x) { return domain[0] + ((x - left) / width) * span; };
    return forward;
  }

  function ticks(domain) {
    var years = (domain[1] - domain[0]) / (365.25 * DAY);
    var step = years > 30 ? 120 : years > 12 ? 24 : years > 4 ? 12 : years > 1.5 ? 3 : 1; // months
    var first = new Date(domain[0]);
    var month = first.getUTCFullYear() * 12 + first.getUTCMonth() + 1;
    month = Math.ceil(month / step) * step;
    var found = [];
    for (var time = 0; ; month += step) {
      time = Date.UTC(Math.floor(month / 12), month % 12, 1);
      if (time > domain[1]) { break; }
      var date = new Date(time);
      var year = step >= 12 || date.getUTCMonth() === 0;
      found.push({
        time: time,
        year: year,
        // The first tick names its year too, so that an axis without a January still has one.
        text: year ? String(date.getUTCFullYear()) : MONTHS[date.getUTCMonth()] + (found.length ? "" : " " + date.getUTCFullYear()),
      });
    }
    return found;
  }

  function svg(name, attributes, children) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  /** Grid lines and their labels, each right of its line, or left of it where it would run
      past the chart's right edge (`width`). Years are placed first and always; a month's label
      only where it overlaps no other. */
  function drawAxis(group, x, domain, top, height, width) {
    var font = "11px " + getComputedStyle(root).fontFamily; // .tick's
    var found = ticks(domain);
    var taken = [];
    found.forEach(function (tick) {
      group.appendChild(svg("line", { x1: x(tick.time), x2: x(tick.time), y1: top, y2: top + height, class: "grid" }));
    });
    found.filter(function (tick) { return tick.year; }).concat(found.filter(function (tick) { return !tick.year; })).forEach(function (tick) {
      var at = x(tick.time);
      var textWidth = textWidthOf(tick.text, font);
      var before = at + 3 + textWidth > width;
      var low = before ? at - 3 - textWidth : at + 3;
      var clear = taken.every(function (span) { return low + textWidth + 4 <= span[0] || low >= span[1] + 4; });
      if (!clear && !tick.year) {
        return;
      }
      taken.push([low, low + textWidth]);
      var label = svg("text", { x: before ? at - 3 : at + 3, y: top + height + 12, class: "tick", "text-anchor": before ? "end" : "start" });
      label.textContent = tick.text;
      group.appendChild(label);
    });
  }

  function drawHistogram() {
    var box = document.getElementById("histogram");
    box.textContent = "";
    var width = Math.max(280, box.clientWidth - 8); // less the box's padding
    var height = 110;
    var left = 8;
    var inner = width - 2 * left;
    var plotTop = 18;
    var plotHeight = 66;
    histogram.domain = histogramDomain();
    var x = scale(histogram.domain, inner, left);
    var most = Math.max.apply(null, histogram.buckets.map(function (bucket) { return bucket.count; }).concat([1]));
    var chart = svg("svg", { width: width, height: height, role: "img", class: "histogram-chart" });
    var title = svg("title");
    title.textContent = "Events per month; drag to choose a date window, click to clear it";
    chart.appendChild(title);
    var caption = svg("text", { x: left, y: 12, class: "caption" });
    caption.textContent = width < 560 ? "Events per month · drag to set a window" : "Events per month (those known to fall within it) · drag to choose a date window";
    chart.appendChild(caption);
    drawAxis(chart, x, histogram.domain, plotTop, plotHeight, width);
    histogram.buckets.forEach(function (bucket) {
      var barHeight = Math.max(1, (bucket.count / most) * plotHeight);
      var bar = svg("rect", {
        x: x(bucket.start) + 0.5,
        y: plotTop + plotHeight - barHeight,
        width: Math.max(1, x(bucket.end) - x(bucket.start) - 1),
        height: barHeight,
        class: "bar" + (inWindow({ earliest: isoDay(bucket.start), latest: isoDay(bucket.end - DAY) }) ? "" : " outside"),
      });
      var tip = svg("title");
      tip.textContent = isoDay(bucket.start).slice(0, 7) + ": " + bucket.count + " event" + (bucket.count === 1 ? "" : "s");
      bar.appendChild(tip);
      chart.appendChild(bar);
    });
    var selection = svg("rect", { y: plotTop, height: plotHeight, class: "selection", visibility: "hidden" });
    chart.appendChild(selection);
    function showSelection(start, end) {
      var a = Math.max(left, Math.min(x(start), x(end)));
      var b = Math.min(left + inner, Math.max(x(start), x(end)));
      selection.setAttribute("x", a);
      selection.setAttribute("width", Math.max(1, b - a));
      selection.setAttribute("visibility", "visible");
    }
    if (state.from || state.to) {
      showSelection(state.from ? day(state.from) : histogram.domain[0], state.to ? day(state.to) + DAY : histogram.domain[1]);
    }
    var note = svg("text", { x: left, y: height - 2, class: "caption" });
    var crossing = histogram.spanning + " event" + (histogram.spanning === 1 ? "" : "s");
    note.textContent = !histogram.spanning ? "" : width < 560
      ? crossing + " cross a month boundary: not in the bars"
      : crossing + " whose possible dates cross a month boundary are not in the bars; they are drawn below";
    chart.appendChild(note);
    box.appendChild(chart);
    brush(chart, x, showSelection, selection, left, inner);
  }

  /** Drag across the histogram to set from/to; a click without a drag clears the window. On
      release the address changes and the map, the list and the spans follow from the API. */
  function brush(chart, x, showSelection, selection, left, inner) {
    var startX = null;
    function clamp(value) { return Math.max(left, Math.min(left + inner, value)); }
    function at(event) { return clamp(event.clientX - chart.getBoundingClientRect().left); }
    // Whole months, as the bars are: the map then counts the window from what it holds.
    function windowOf(a, b) {
      var first = new Date(x.invert(Math.min(a, b)));
      var last = new Date(x.invert(Math.max(a, b)));
      return [
        isoDay(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1)),
        isoDay(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1) - DAY),
      ];
    }
    chart.addEventListener("pointerdown", function (event) {
      startX = at(event);
      chart.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    chart.addEventListener("pointermove", function (event) {
      if (startX === null) { return; }
      var now = at(event);
      var span = windowOf(startX, now);
      showSelection(day(span[0]), day(span[1]) + DAY);
    });
    chart.addEventListener("pointerup", function (event) {
      if (startX === null) { return; }
      var now = at(event);
      if (Math.abs(now - startX) < 3) {
        state.from = "";
        state.to = "";
        selection.setAttribute("visibility", "hidden");
      } else {
        var span = windowOf(startX, now);
        state.from = span[0];
        state.to = span[1];
      }
      startX = null;
      state.page = "";
      brushReleased = performance.now();
      syncForm();
      writeAddress(true);
      refresh(true, null, true);
    });
  }

  // --- each event as its possible span ------------------------------------------------------

  function dateShape(event) {
    var text = event.date;
    if (event.precision === "open") {
      var openStart = /^\[\.\.|^\.\.\/|^\//.test(text);
      return { kind: "open", openStart: openStart, openEnd: !openStart };
    }
    if (text.indexOf("/") > 0 && !/\/\s*$/.test(text)) {
      var ends = text.split("/");
      var dayEnds = /^\d{4}-\d{2}-\d{2}$/.test(ends[0]) && /^\d{4}-\d{2}-\d{2}$/.test(ends[1]);
      return { kind: dayEnds ? "interval" : "range" };
    }
    return { kind: event.precision === "day" ? "day" : "within" };
  }

  /** Each listed event from its earliest to its latest possible day, packed into lanes: a
      solid bar for a span known to the day ("7 March – 1 April 2022"), a pale bar with a dashed
      edge for "somewhere within" ("June 2022"), a hatch for approximate or uncertain dates, a
      fade and an arrow towards an open end ("before 3 August 2022"). Never a dot on a day the
      reports do not give. */
  function drawSpans() {
    var box = document.getElementById("spans");
    box.textContent = "";
    if (!events.length) {
      box.appendChild(el("p", { className: "meta" }, "No event matches."));
      return;
    }
    var width = Math.max(280, box.clientWidth - 8); // less the box's padding
    var left = 8;
    var inner = width - 2 * left;
    var domain = state.from || state.to
      ? [state.from ? day(state.from) : histogram.domain[0], state.to ? day(state.to) + DAY : histogram.domain[1]]
      : histogram.domain;
    var x = scale(domain, inner, left);
    var compact = inner < 560; // a phone: each event on its own line, its label above its bar
    var laneHeight = compact ? 32 : 20;
    var right = left + inner;
    var placed = events.map(function (event) {
      var start = day(event.earliest);
      var end = day(event.latest) + DAY;
      var a = Math.max(left, x(start));
      var b = Math.min(right, x(end));
      if (b < left || a > right) {
        return null;
      }
      b = Math.max(b, a + 4);
      var label = event.label + " · " + event.title;
      if (compact && label.length > inner / 6.2) { label = label.slice(0, Math.floor(inner / 6.2) - 1) + "…"; }
      var textWidth = textWidthOf(label, spanFont());
      // The label goes after the bar, or before it where the bar ends too near the right edge.
      var labelBefore = !compact && b + 9 + textWidth > right && a - 9 - textWidth >= left;
      var labelOver = !compact && b + 9 + textWidth > right && !labelBefore;
      var low = labelBefore ? a - 9 - textWidth : a;
      var high = labelBefore || labelOver ? b : b + 9 + textWidth;
      return { event: event, a: a, b: b, start: start, end: end, low: low, high: high, label: label, labelBefore: labelBefore, labelOver: labelOver };
    }).filter(Boolean);
    var lanes = [];
    placed.slice().sort(function (one, other) { return one.low - other.low; }).forEach(function (item, position) {
      var lane = 0;
      while (!compact && lane < lanes.length && lanes[lane] > item.low - 6) { lane += 1; }
      if (compact) { lane = position; }
      lanes[lane] = item.high;
      item.lane = lane;
    });
    var height = 22 + lanes.length * laneHeight;
    var chart = svg("svg", { width: width, height: height, class: "spans-chart" });
    var defs = svg("defs", {}, [
      svg("pattern", { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, [
        svg("rect", { width: 6, height: 6, fill: "#fde7d9" }),
        svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#c2410c", "stroke-width": 2 }),
      ]),
      svg("linearGradient", { id: "fade-left", x1: 0, x2: 1 }, [
        svg("stop", { offset: 0, "stop-color": "#c2410c", "stop-opacity": 0.05 }),
        svg("stop", { offset: 1, "stop-color": "#c2410c", "stop-opacity": 0.7 }),
      ]),
      svg("linearGradient", { id: "fade-right", x1: 0, x2: 1 }, [
        svg("stop", { offset: 0, "stop-color": "#c2410c", "stop-opacity": 0.7 }),
        svg("stop", { offset: 1, "stop-color": "#c2410c", "stop-opacity": 0.05 }),
      ]),
    ]);
    chart.appendChild(defs);
    drawAxis(chart, x, domain, 0, height - 16, width);
    placed.forEach(function (item) {
      var event = item.event;
      var shape = dateShape(event);
      var y = 4 + item.lane * laneHeight + (compact ? 14 : 0);
      var group = svg("g", { class: "span " + shape.kind + (event.visibility === "restricted" ? " restricted" : ""), tabindex: "-1", "data-id": event.id });
      var bar = svg("rect", { x: item.a, y: y, width: item.b - item.a, height: 12, rx: 2 });
      if (event.approximate || event.uncertain) {
        bar.style.fill = "url(#hatch)";
      } else if (shape.kind === "open") {
        bar.style.fill = shape.openStart ? "url(#fade-left)" : "url(#fade-right)";
      }
      group.appendChild(bar);
      if (shape.kind === "open" || item.start < domain[0] || item.end > domain[1]) {
        var pointsLeft = shape.openStart || item.start < domain[0];
        var tip = pointsLeft ? item.a : item.b;
        var direction = pointsLeft ? -1 : 1;
        group.appendChild(svg("path", {
          d: "M" + (tip + direction * 7) + "," + (y + 6) + " L" + tip + "," + (y) + " L" + tip + "," + (y + 12) + " Z",
          class: "arrow",
        }));
      }
      var text = svg("text", {
        x: compact ? left : item.labelBefore ? item.a - 9 : item.labelOver ? item.a + 12 : item.b + 9,
        y: compact ? y - 3 : y + 10,
        "text-anchor": item.labelBefore ? "end" : "start",
        class: "span-label" + (item.labelOver ? " over" : ""),
      });
      text.textContent = item.label;
      group.appendChild(text);
      var title = svg("title");
      title.textContent = event.title + " — " + event.label + (event.approximate ? " (approximate)" : "") + (event.uncertain ? " (uncertain)" : "");
      group.appendChild(title);
      group.addEventListener("click", function () { selectEvent(event.id); });
      chart.appendChild(group);
    });
    var note = eventCount > events.length
      ? "Each event of this page (" + events.length + " of " + eventCount + ") from its earliest to its latest possible day"
      : "Each event from its earliest to its latest possible day";
    box.appendChild(el("p", { className: "caption" }, [
      note + ". ",
      el("span", { className: "key-bar solid" }), " known span ",
      el("span", { className: "key-bar within" }), " somewhere within ",
      el("span", { className: "key-bar hatch" }), " approximate or uncertain ",
      el("span", { className: "key-bar open" }), " open end",
    ]));
    box.appendChild(chart);
  }

  // --- the list -----------------------------------------------------------------------------

  function drawList() {
    var list = document.getElementById("list");
    list.textContent = "";
    document.getElementById("count").textContent = "(" + eventCount.toLocaleString("en") + ")";
    events.forEach(function (event) {
      var button = el("button", { type: "button", className: "event", "data-id": event.id }, [
        el("span", { className: "title" }, event.title),
        el("span", { className: "meta" }, [
          el("span", { className: "label" }, event.label),
          event.place ? " · " + event.place.name : " · place not given",
          event.visibility === "restricted" ? el("span", { className: "badge restricted" }, "restricted") : "",
        ]),
      ]);
      button.addEventListener("click", function () { selectEvent(event.id); });
      button.addEventListener("keydown", onListKey);
      list.appendChild(el("li", {}, button));
    });
    var pages = Math.ceil(eventCount / PAGE_SIZE);
    var page = Number(state.page || 1);
    var pager = document.getElementById("pager");
    pager.hidden = pages <= 1;
    document.getElementById("page-label").textContent = "page " + page + " of " + pages;
    document.getElementById("previous").disabled = page <= 1;
    document.getElementById("next").disabled = page >= pages;
  }

  function onListKey(event) {
    var item = event.target.closest("li");
    var target = null;
    if (event.key === "ArrowDown") { target = item.nextElementSibling; }
    if (event.key === "ArrowUp") { target = item.previousElementSibling; }
    if (target) {
      event.preventDefault();
      target.querySelector("button").focus();
    }
  }

  function goToPage(delta) {
    state.page = String(Math.max(1, Number(state.page || 1) + delta));
    writeAddress(true);
    refresh(false, null, true);
  }

  /** One count per selection: with the map's view in the filters, the list's count is the
      events in the view, and the map's whole count is said to be the whole map's. */
  function drawStatus() {
    var located = mapFeatures.reduce(function (sum, feature) { return sum + feature.properties.count; }, 0);
    var text;
    if (state.bbox) {
      var box = state.bbox.split(",").map(Number);
      var placesInView = mapFeatures.filter(function (feature) {
        var point = feature.geometry.type === "Point" ? feature.geometry.coordinates : null;
        return point && point[0] >= box[0] && point[1] >= box[1] && point[0] <= box[2] && point[1] <= box[3];
      }).length;
      text = counted(eventCount, "event") + " in the map's view, at " + counted(placesInView, "place") + " · " +
        counted(located, "event") + " on the whole map, at " + counted(mapFeatures.length, "place");
    } else {
      text = counted(eventCount, "event") + " listed · " + located.toLocaleString("en") + " of them on the map, at " +
        counted(mapFeatures.length, "place");
      if (eventCount > located) {
        text += " (" + (eventCount - located).toLocaleString("en") + " with no place on the map)";
      }
    }
    status(text);
    document.getElementById("whole-map").hidden = !state.bbox;
  }

  function counted(count, noun) {
    return count.toLocaleString("en") + " " + noun + (count === 1 ? "" : "s");
  }

  // --- the event panel ----------------------------------------------------------------------

  function openPanel() {
    var panel = document.getElementById("panel");
    panel.textContent = "";
    panel.hidden = false;
    var close = el("button", { type: "button", className: "close", "aria-label": "Close" }, "×");
    close.addEventListener("click", function () {
      closePanel();
      state.event = "";
      writeAddress(true);
    });
    panel.appendChild(close);
    return panel;
  }

  function closePanel() {
    var panel = document.getElementById("panel");
    panel.hidden = true;
    panel.textContent = "";
    if (highlightLayer) { highlightLayer.clearLayers(); }
  }

  function selectEvent(id) {
    state.event = String(id);
    writeAddress(true);
    return showEvent(id, true);
  }

  function fetchSource(id) {
    if (cache.sources[id]) { return Promise.resolve(cache.sources[id]); }
    return api("sources/" + id + "/").then(function (source) {
      cache.sources[id] = source;
      return source;
    });
  }

  function fetchPlace(id) {
    if (cache.places[id]) { return Promise.resolve(cache.places[id]); }
    return api("places/" + id + "/").then(function (place) {
      cache.places[id] = place;
      return place;
    });
  }

  function showEvent(id, focus) {
    var listed = events.filter(function (event) { return event.id === id; })[0];
    var found = listed ? Promise.resolve(listed) : api("events/" + id + "/");
    return found.then(function (event) {
      var sourceIds = {};
      event.citations.forEach(function (citation) {
        sourceIds[citation.source_id] = true;
        if (citation.contradicts_id) { sourceIds[citation.contradicts_id] = true; }
      });
      event.figures.forEach(function (figure) { sourceIds[figure.source_id] = true; });
      return Promise.all(Object.keys(sourceIds).map(fetchSource)).then(function (sources) {
        var related = {};
        sources.forEach(function (source) {
          if (source.copy_of_id) { related[source.copy_of_id] = true; }
          if (source.derived_from_id) { related[source.derived_from_id] = true; }
        });
        return Promise.all(Object.keys(related).map(fetchSource));
      }).then(function () {
        return event.place ? fetchPlace(event.place.id) : null;
      }).then(function (place) {
        drawPanel(event, place);
        highlight(event);
        if (focus) { document.getElementById("panel").focus(); }
      });
    }).catch(function (error) {
      if (error instanceof ApiError && error.status === 404) {
        state.event = "";
        writeAddress(false);
        return;
      }
      throw error;
    });
  }

  function sourceName(id) {
    var source = cache.sources[id];
    return source ? source.outlet + ", “" + source.title + "”" : "source #" + id;
  }

  function provenance(source) {
    var parts = [source.kind === "original" ? "original reporting" : source.kind];
    if (source.copy_of_id) { parts.push("copy of " + sourceName(source.copy_of_id)); }
    if (source.derived_from_id) { parts.push("derived from " + sourceName(source.derived_from_id)); }
    if (source.published_label) { parts.push("published " + source.published_label); }
    return parts.join(" · ");
  }

  function drawPanel(event, place) {
    var panel = openPanel();
    panel.appendChild(el("h2", {}, event.title));
    var when = el("p", { className: "when" }, [el("strong", {}, event.label)]);
    if (event.approximate) { when.appendChild(el("span", { className: "badge" }, "approximate")); }
    if (event.uncertain) { when.appendChild(el("span", { className: "badge" }, "uncertain")); }
    if (event.visibility === "restricted") { when.appendChild(el("span", { className: "badge restricted" }, "restricted")); }
    if (event.status === "draft") { when.appendChild(el("span", { className: "badge restricted" }, "draft")); }
    // The type's label, as the Type filter lists it ("military offensive", not "offensive").
    var typeLabel = (lookups.type && lookups.type.texts[event.type]) || event.type.replace(/_/g, " ");
    when.appendChild(el("span", { className: "meta" }, " · " + typeLabel + " · " + event.confidence.replace(/_/g, " ")));
    panel.appendChild(when);
    if (event.date_as_reported) {
      panel.appendChild(el("p", { className: "meta as-reported" }, "As the report puts it: \u201c" + event.date_as_reported + "\u201d"));
    }
    if (event.summary) { panel.appendChild(el("p", {}, event.summary)); }

    var where = place
      ? [el("strong", {}, place.name), " — " + (PRECISION_TEXT[place.precision] || place.precision) +
         (place.admin1 && place.admin1 !== place.name ? " · " + place.admin1 : "") + (place.country_code ? " · " + place.country_code : "")]
      : ["Place not given"];
    if (event.location_note) { where.push(el("br"), el("span", { className: "meta" }, event.location_note)); }
    panel.appendChild(section("Place", el("p", {}, where)));

    if (event.actors.length) {
      panel.appendChild(section("Actors", el("ul", {}, event.actors.map(function (actor) {
        return el("li", {}, [
          actor.name,
          actor.is_pseudonym ? el("span", { className: "badge", title: "A changed or first name only, as the source gives it" }, "pseudonym") : "",
          el("span", { className: "meta" }, " · " + actor.role),
        ]);
      }))));
    }

    panel.appendChild(section("Citations", el("ul", { className: "citations" }, event.citations.map(function (citation) {
      var source = cache.sources[citation.source_id];
      return el("li", {}, [
        el("strong", {}, sourceName(citation.source_id)),
        source ? el("div", { className: "meta" }, provenance(source)) : "",
        citation.supports ? el("div", {}, "Supports: " + citation.supports) : "",
        citation.contradicts_id ? el("div", { className: "contradicts" }, "Contradicts " + sourceName(citation.contradicts_id)) : "",
        citation.location ? el("div", { className: "meta" }, "At: " + citation.location) : "",
      ]);
    }))));

    if (event.figures.length) {
      panel.appendChild(section("Figures", el("ul", {}, event.figures.map(function (figure) {
        var claimant = figure.claimed_by
          ? "claimed by " + figure.claimed_by + (figure.claimed_by_is_pseudonym ? " (pseudonym)" : "")
          : "claimant not named";
        return el("li", {}, [
          el("strong", {}, figure.stated || [figure.value_min, figure.value_max].filter(function (v) { return v !== null; }).join("–")),
          " " + figure.counted,
          el("div", { className: "meta" }, claimant + " · in " + sourceName(figure.source_id)),
        ]);
      }))));
    }
    var link = el("a", { href: API + "events/" + event.id + "/" }, "This event in the API");
    panel.appendChild(el("p", { className: "meta" }, link));
  }

  function section(title, body) {
    return el("section", {}, [el("h3", {}, title), body]);
  }

  // --- citing and exporting -----------------------------------------------------------------

  function drawExports() {
    var params = apiParams({ bbox: true }).toString();
    var suffix = params ? "?" + params : "";
    var links = [
      ["GeoJSON", API + "events.geojson" + suffix],
      ["GeoJSON lines", API + "events.geojsonl" + suffix],
      ["CSV", API + "events.csv" + suffix],
      ["TimelineJS", API + "timeline/" + "?format=timelinejs" + (params ? "&" + params : "")],
      ["JSON", API + "events/" + suffix],
    ];
    var box = document.getElementById("exports");
    box.textContent = "This selection as ";
    links.forEach(function (pair, position) {
      box.appendChild(el("a", { href: pair[1] }, pair[0]));
      box.appendChild(document.createTextNode(position < links.length - 1 ? " · " : ""));
    });
  }

  function onCite() {
    var input = document.getElementById("cite-url");
    input.value = location.href;
    var button = document.getElementById("cite");
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Cite this view"; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(location.href).then(done, function () { input.select(); });
    } else {
      input.select();
      try { document.execCommand("copy"); done(); } catch (error) { /* selected: the reader copies it */ }
    }
  }

  // --- small helpers ------------------------------------------------------------------------

  function el(name, attributes, children) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "className") { node.className = attributes[key]; } else { node.setAttribute(key, attributes[key]); }
    });
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child === "" || child === null) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** A text's width in px in a CSS font, measured on a canvas (no layout). */
  function textWidthOf(text, font) {
    var context = textWidthOf.context = textWidthOf.context || document.createElement("canvas").getContext("2d");
    if (textWidthOf.font !== font) {
      context.font = textWidthOf.font = font;
    }
    return Math.ceil(context.measureText(text).width) + 2;
  }

  /** The span labels' font (see .span-label in the CSS). */
  function spanFont() {
    if (!spanFont.font) {
      var probe = document.querySelector(".span-label");
      spanFont.font = "11.5px " + (probe ? getComputedStyle(probe) : getComputedStyle(root)).fontFamily;
    }
    return spanFont.font;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // --- start --------------------------------------------------------------------------------

  function start() {
    if (window.matchMedia("(max-width: 700px)").matches) {
      document.getElementById("filters-box").open = false;
    }
    document.getElementById("filters").addEventListener("submit", onSubmit);
    document.getElementById("clear").addEventListener("click", onClear);
    document.getElementById("cite").addEventListener("click", onCite);
    document.getElementById("previous").addEventListener("click", function () { goToPage(-1); });
    document.getElementById("next").addEventListener("click", function () { goToPage(1); });
    document.getElementById("whole-map").addEventListener("click", function () {
      state.bbox = "";
      state.page = "";
      pendingFit = "results";
      writeAddress(true);
      refresh(false);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !document.getElementById("panel").hidden) { closePanel(); }
    });
    window.addEventListener("popstate", function () {
      state = readState();
      syncForm();
      pendingFit = state.bbox ? state.bbox.split(",").map(Number) : "results";
      if (!state.event) { closePanel(); }
      drawExports();
      refresh(true);
    });
    // The charts are drawn to the pane's width: redraw them when it changes (a window resize,
    // a scrollbar appearing once the list is filled).
    var drawnWidth = 0;
    var resizeTimer = null;
    var pane = document.querySelector(".timeline-pane");
    new ResizeObserver(function () {
      if (!histogram.domain || pane.clientWidth === drawnWidth) { return; }
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () {
        drawnWidth = pane.clientWidth;
        drawHistogram();
        drawSpans();
      }, 100);
    }).observe(pane);
    setUpLookups();
    syncForm();
    writeAddress(false);
    // The page's API requests go out first: this script comes before Leaflet's and the
    // basemap's in the page, and the map is set up once they have run (DOMContentLoaded), while
    // the server answers. data-ready waits for the basemap too, so that what is then on screen
    // is the whole page.
    var basemap = new Promise(function (resolve) {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", function () { resolve(setUpMap()); });
      } else {
        resolve(setUpMap());
      }
    });
    refresh(true, basemap);
  }

  start();
})();
