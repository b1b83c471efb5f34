/* The offline basemap shared by the explorer and the admin's place map: Natural Earth's
   countries at 1:50m (the world-atlas npm package, read with topojson-client), drawn by Leaflet
   on a canvas in a pane under the tiles, so it needs no network. Sea is the map's background.
   Given a coarse URL (1:110m), that is drawn below DETAIL_FROM_ZOOM and the 1:50m one is
   fetched only once the map is zoomed in: Leaflet projects every point of every layer at each
   zoom, and the world at 1:50m was most of the explorer's first draw. Where a regions URL is
   given, the borders of first-level regions (oblasts, krais…) of the countries `make frontend`
   built them for, from zoom 4 on. A MAP_TILE_URL layer, when configured, is drawn on top. */
(function () {
  "use strict";

  var LAND = { stroke: false, fill: true, fillColor: "#f3f0e8", fillOpacity: 1 };
  var COAST = { color: "#9fb3c2", weight: 0.8, opacity: 1, fill: false };
  var BORDERS = { color: "#8c8c99", weight: 1, opacity: 0.9, fill: false, dashArray: "4 3" };
  var REGIONS = { color: "#c9c2b3", weight: 0.7, opacity: 1, fill: false };
  var DETAIL_FROM_ZOOM = 4; // the 1:50m countries and the regions; below it they are a smudge

  /** A ring that crosses the antimeridian (Russia's east, Fiji) jumps from 180° to -180° and
      back, which Leaflet draws as a band across the whole map: past each jump its points go
      on beyond ±180° instead, so the ring stays in one piece. */
  function unwrap(points) {
    var offset = 0;
    return points.map(function (point, i) {
      if (i > 0) {
        var step = point[0] - points[i - 1][0];
        offset += step > 180 ? -360 : step < -180 ? 360 : 0;
      }
      return offset ? [point[0] + offset, point[1]] : point;
    });
  }

  function unwrapAll(coordinates) {
    return typeof coordinates[0][0] === "number" ? unwrap(coordinates) : coordinates.map(unwrapAll);
  }

  /** A line is cut where it jumps across the antimeridian instead. */
  function cut(line) {
    var pieces = [[line[0]]];
    for (var i = 1; i < line.length; i++) {
      if (Math.abs(line[i][0] - line[i - 1][0]) > 180) {
        pieces.push([]);
      }
      pieces[pieces.length - 1].push(line[i]);
    }
    return pieces.filter(function (piece) { return piece.length > 1; });
  }

  function unwrapped(geojson) {
    (geojson.features || [geojson]).forEach(function (feature) {
      var geometry = feature.geometry || feature;
      if (!geometry.coordinates || !geometry.coordinates.length) {
        return;
      }
      if (geometry.type === "MultiLineString" || geometry.type === "LineString") {
        var lines = geometry.type === "LineString" ? [geometry.coordinates] : geometry.coordinates;
        geometry.type = "MultiLineString";
        geometry.coordinates = [].concat.apply([], lines.map(cut));
      } else {
        geometry.coordinates = unwrapAll(geometry.coordinates);
      }
    });
    return geojson;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("basemap: HTTP " + response.status);
      }
      return response.json();
    });
  }

  /** Draw the basemap on `map` from the TopoJSON at `url`, the regions' GeoJSON lines at
      `regionsUrl` and the coarse TopoJSON at `coarseUrl` (both optional); resolves once the
      map has a basemap for its zoom. */
  function add(map, url, regionsUrl, coarseUrl) {
    var pane = map.createPane("basemap");
    pane.style.zIndex = 150; // under the tile pane (200), so online tiles cover it
    pane.style.pointerEvents = "none";
    var renderer = L.canvas({ pane: "basemap", padding: 0.5 });
    map.getContainer().classList.add("has-basemap");
    var options = { pane: "basemap", renderer: renderer, interactive: false };
    var built = {}; // "coarse", "detail": [land, coasts, borders]; "regions": [lines]
    var loading = {};
    var shown = [];

    function layer(data, style) {
      return L.geoJSON(unwrapped(data), Object.assign({ style: style }, options));
    }

    function world(topology) {
      return [
        layer(topojson.feature(topology, topology.objects.land), LAND),
        layer(topojson.mesh(topology, topology.objects.land), COAST),
        layer(topojson.mesh(topology, topology.objects.countries, function (a, b) { return a !== b; }), BORDERS),
      ];
    }

    /** Show the layers the zoom wants among those loaded, land first (one canvas). */
    function render() {
      var zoomedIn = map.getZoom() >= DETAIL_FROM_ZOOM;
      var countries = (zoomedIn || !built.coarse) && built.detail ? built.detail : built.coarse || [];
      var wanted = countries.concat(zoomedIn && built.regions ? built.regions : []);
      if (wanted.length === shown.length && wanted.every(function (one, i) { return one === shown[i]; })) {
        return;
      }
      shown.forEach(function (one) { one.remove(); });
      wanted.forEach(function (one) { one.addTo(map); });
      shown = wanted;
    }

    function load(name, fileUrl, build) {
      if (!loading[name]) {
        loading[name] = getJSON(fileUrl).then(function (data) {
          built[name] = build(data);
          render();
        });
      }
      return loading[name];
    }

    function loadDetail() {
      if (coarseUrl && map.getZoom() < DETAIL_FROM_ZOOM) {
        return Promise.resolve();
      }
      return Promise.all([
        load("detail", url, world),
        regionsUrl ? load("regions", regionsUrl, function (lines) { return [layer(lines, REGIONS)]; }) : null,
      ]);
    }

    map.on("zoomend", function () {
      render();
      loadDetail().catch(function () { /* the coarse map stays */ });
    });
    map.attributionControl.addAttribution("Basemap: Natural Earth");
    return (coarseUrl ? load("coarse", coarseUrl, world) : Promise.resolve())
      .then(loadDetail)
      .then(function () { return L.layerGroup(shown); });
  }

  window.ChronotopeBasemap = { add: add };
})();
