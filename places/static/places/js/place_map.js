/* The place admin's map: shows the point and lets an editor drag it (or click to set it);
   the latitude and longitude inputs follow, and typing in them moves the marker.
   Works offline: with no tile URL configured it draws a plain background and a graticule. */
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
    var tileUrl = element.getAttribute("data-tile-url");
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 18,
        attribution: element.getAttribute("data-tile-attribution") || "",
      }).addTo(map);
    } else {
      // A degree grid gives a sense of place and scale where there are no tiles.
      for (var lat = 40; lat <= 60; lat += 1) {
        L.polyline([[lat, 20], [lat, 50]], { color: "#9ab", weight: lat % 5 ? 0.5 : 1, interactive: false }).addTo(map);
      }
      for (var lon = 20; lon <= 50; lon += 1) {
        L.polyline([[40, lon], [60, lon]], { color: "#9ab", weight: lon % 5 ? 0.5 : 1, interactive: false }).addTo(map);
      }
      map.attributionControl.addAttribution("no tile layer configured (MAP_TILE_URL)");
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
      map.setView(start, 9);
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
