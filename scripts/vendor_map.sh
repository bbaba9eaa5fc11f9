#!/bin/sh
# Vendor the map's front-end files from the npm registry into static/vendor/ (no CDN at run time):
# Leaflet and Leaflet.markercluster (built dist files + licence), and the country outlines the map
# shows when no tile server is configured (world-atlas: Natural Earth 1:110m, public domain),
# converted once from TopoJSON to GeoJSON with topojson-client (rounded to 0.001 degree).
# Run from the repository root: sh scripts/vendor_map.sh   (needs node and npm)
set -eu
LEAFLET=1.9.4
CLUSTER=1.5.3
ATLAS=2.0.2
TOPOJSON=3.1.0
ROOT=$(pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "leaflet@$LEAFLET" "leaflet.markercluster@$CLUSTER" "world-atlas@$ATLAS" "topojson-client@$TOPOJSON" >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done

V="$ROOT/static/vendor"
rm -rf "$V/leaflet" "$V/leaflet.markercluster" "$V/world-atlas"
mkdir -p "$V/leaflet/images" "$V/leaflet.markercluster" "$V/world-atlas"
cp "leaflet-$LEAFLET/package/dist/leaflet.js" "leaflet-$LEAFLET/package/dist/leaflet.css" "$V/leaflet/"
cp "leaflet-$LEAFLET/package/dist/images/"*.png "$V/leaflet/images/"
cp "leaflet-$LEAFLET/package/LICENSE" "$V/leaflet/LICENSE"
echo "$LEAFLET" > "$V/leaflet/VERSION"
C="leaflet.markercluster-$CLUSTER/package"
cp "$C/dist/leaflet.markercluster.js" "$C/dist/MarkerCluster.css" "$C/dist/MarkerCluster.Default.css" "$V/leaflet.markercluster/"
cp "$C/MIT-LICENCE.txt" "$V/leaflet.markercluster/LICENSE"
echo "$CLUSTER" > "$V/leaflet.markercluster/VERSION"
cp "world-atlas-$ATLAS/package/LICENSE" "$V/world-atlas/LICENSE"
# the source maps are not shipped: drop their references (collectstatic's manifest would look for them)
sed -i '/^\/\/# sourceMappingURL=/d' "$V/leaflet/leaflet.js" "$V/leaflet.markercluster/leaflet.markercluster.js"
chmod 644 "$V/leaflet.markercluster/"*
echo "$ATLAS (countries-110m; Natural Earth, public domain; converted with topojson-client $TOPOJSON)" > "$V/world-atlas/VERSION"

node - "world-atlas-$ATLAS/package/countries-110m.json" "topojson-client-$TOPOJSON/package/dist/topojson-client.js" \
  "$V/world-atlas/countries-110m.geojson" <<'JS'
const fs = require("fs");
const [topoPath, clientPath, outPath] = process.argv.slice(2);
const topojson = require(require("path").resolve(clientPath));
const topo = JSON.parse(fs.readFileSync(topoPath, "utf8"));
const geo = topojson.feature(topo, topo.objects.countries);
const round = (v) => Array.isArray(v) ? v.map(round) : Math.round(v * 1000) / 1000;
for (const f of geo.features) {
  f.geometry.coordinates = round(f.geometry.coordinates);
  f.properties = { name: f.properties.name };
}
fs.writeFileSync(outPath, JSON.stringify(geo));
JS
ls -l "$V/leaflet" "$V/leaflet.markercluster" "$V/world-atlas"
