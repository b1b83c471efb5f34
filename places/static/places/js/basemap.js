/* The offline basemap shared by the explorer and the admin's place map: Natural Earth's
   countries at 1:50m (the world-atlas npm package, read with topojson-client), drawn by Leaflet
   on a canvas in a pane under the tiles, so it needs no network. Sea is the map's background.
   Where a regions URL is given, the borders of first-level regions (oblasts, krais…) of the
   countries `make frontend` built them for, from zoom 4 on. A MAP_TILE_URL layer, when
   configured, is drawn on top of it. */
(function () {
  "use strict";

  var LAND = { stroke: false, fill: true, fillColor: "#f3f0e8", fillOpacity: 1 };
  var COAST = { color: "#9fb3c2", weight: 0.8, opacity: 1, fill: false };
  var BORDERS = { color: "#8c8c99", weight: 1, opacity: 0.9, fill: false, dashArray: "4 3" };
  var REGIONS = { color: "#c9c2b3", weight: 0.7, opacity: 1, fill: false };
  var REGIONS_FROM_ZOOM = 4; // below it they are a smudge

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("basemap: HTTP " + response.status);
      }
      return response.json();
    });
  }

  /** The regions' borders, shown from REGIONS_FROM_ZOOM on. */
  function addRegions(map, collection, options) {
    var layer = L.geoJSON(collection, Object.assign({ style: REGIONS }, options));
    function toggle() {
      var wanted = map.getZoom() >= REGIONS_FROM_ZOOM;
      if (wanted && !map.hasLayer(layer)) {
        layer.addTo(map);
      } else if (!wanted && map.hasLayer(layer)) {
        layer.remove();
      }
    }
    map.on("zoomend", toggle);
    toggle();
    return layer;
  }

  /** Draw the basemap on `map` from the TopoJSON at `url` (and the regions' GeoJSON lines at
      `regionsUrl`, if given); resolves once it is drawn. */
  function add(map, url, regionsUrl) {
    var pane = map.createPane("basemap");
    pane.style.zIndex = 150; // under the tile pane (200), so online tiles cover it
    pane.style.pointerEvents = "none";
    var renderer = L.canvas({ pane: "basemap", padding: 0.5 });
    map.getContainer().classList.add("has-basemap");
    var options = { pane: "basemap", renderer: renderer, interactive: false };
    var regions = regionsUrl ? getJSON(regionsUrl) : Promise.resolve(null);
    return getJSON(url)
      .then(function (topology) {
        var layers = [
          [topojson.feature(topology, topology.objects.land), LAND],
          [topojson.mesh(topology, topology.objects.land), COAST],
          [topojson.mesh(topology, topology.objects.countries, function (a, b) { return a !== b; }), BORDERS],
        ].map(function (pair) {
          return L.geoJSON(pair[0], Object.assign({ style: pair[1] }, options)).addTo(map);
        });
        map.attributionControl.addAttribution("Basemap: Natural Earth");
        return regions.then(function (collection) {
          if (collection) {
            layers.push(addRegions(map, collection, options)); // over the land, so after it
          }
          return L.layerGroup(layers);
        });
      });
  }

  window.ChronotopeBasemap = { add: add };
})();
