/* The place admin's map: shows the point and lets an editor drag it (or click to set it);
   the latitude and longitude inputs follow, and typing in them moves the marker.
   Works offline: the basemap (basemap.js, Natural Earth land and borders) needs no network;
   a MAP_TILE_URL layer, when configured, is drawn over it. */
(function () {
  "use strict";

  function init() {
    var element = document.getElementById("place-map");
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    if (!element || !latitude || !longitude || !window.L) {
      return;
    }
    var map = L.map(element, { attributionControl: true });
    var basemapUrl = element.getAttribute("data-basemap-url");
    if (basemapUrl && window.ChronotopeBasemap) {
      window.ChronotopeBasemap.add(map, basemapUrl, element.getAttribute("data-regions-url")).catch(function (error) {
        map.attributionControl.addAttribution("basemap not loaded: " + error.message);
      });
    }
    var tileUrl = element.getAttribute("data-tile-url");
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 18,
        attribution: element.getAttribute("data-tile-attribution") || "",
      }).addTo(map);
    }
    L.control.scale().addTo(map);

    var marker = null;

    function readInputs() {
      var lat = parseFloat(latitude.value);
      var lon = parseFloat(longitude.value);
      return isFinite(lat) && isFinite(lon) ? L.latLng(lat, lon) : null;
    }

    function writeInputs(point) {
      latitude.value = point.lat.toFixed(5);
      longitude.value = point.lng.toFixed(5);
    }

    function showMarker(point) {
      if (marker) {
        marker.setLatLng(point);
        return;
      }
      marker = L.marker(point, { draggable: true, title: "Drag to move the point", autoPan: true }).addTo(map);
      marker.on("dragend", function () {
        writeInputs(marker.getLatLng());
      });
    }

    var start = readInputs();
    if (start) {
      showMarker(start);
      map.setView(start, 6); // wide enough for the borders around it to show where it is
    } else {
      map.setView([48.5, 31.5], 5);
    }
    map.on("click", function (event) {
      showMarker(event.latlng);
      writeInputs(event.latlng);
    });
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = readInputs();
        if (point) {
          showMarker(point);
          map.panTo(point);
        }
      });
    });
    element.placeMap = map;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
