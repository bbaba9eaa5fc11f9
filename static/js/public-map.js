/* The public map (disclosure/map.html, disclosure/_facility_map.html): Leaflet with the country
   outlines shipped with the app as the base layer, tiles only when the site names a tile server.
   Without JavaScript the page shows the same facilities as a table; this script only adds the map.
   No inline code, no inline style (CSP): data comes from a JSON element and data-* attributes. */
(function () {
  "use strict";
  var BAD = { suspended: 1, terminated: 1 };

  function baseLayers(map, el) {
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { attribution: el.getAttribute("data-attribution") || "", maxZoom: 18 }).addTo(map);
      return;
    }
    map.attributionControl.addAttribution(el.getAttribute("data-outline-attribution") || "Natural Earth");
    fetch(el.getAttribute("data-outlines"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (geo) {
        if (!geo) { return; }
        var layer = L.geoJSON(geo, { interactive: false, style: function () { return { className: "map-country" }; } });
        layer.addTo(map);
        layer.bringToBack();
      })
      .catch(function () { /* the markers and the table still say everything */ });
  }

  function newMap(el, options) {
    el.hidden = false;
    options = options || {};
    options.maxZoom = 18;  // clustering needs it, and with outlines only no tile layer sets one
    options.minZoom = 1;
    var map = L.map(el, options);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    baseLayers(map, el);
    return map;
  }

  function marker(p) {
    var m = L.circleMarker([p.lat, p.lng], {
      radius: 9, weight: 2, className: "map-point std-" + p.standing, standing: p.standing
    });
    var box = document.createElement("div");
    var title = document.createElement(p.url ? "a" : "strong");
    title.textContent = p.name;
    if (p.url) { title.href = p.url; }
    box.appendChild(title);
    if (p.local) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(p.local));
    }
    box.appendChild(document.createElement("br"));
    var tag = document.createElement("span");
    tag.className = "tag std-tag std-" + p.standing;
    tag.textContent = p.label;
    box.appendChild(tag);
    m.bindPopup(box);
    m.bindTooltip(p.name + (p.local ? " (" + p.local + ")" : ""));
    return m;
  }

  function programMap(el) {
    var source = document.getElementById(el.getAttribute("data-points"));
    var points = source ? JSON.parse(source.textContent) : [];
    var map = newMap(el, { worldCopyJump: true });
    var group = L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var bad = cluster.getAllChildMarkers().some(function (m) { return BAD[m.options.standing]; });
        var n = cluster.getChildCount();
        var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
        return L.divIcon({
          html: "<div><span>" + n + "</span></div>",
          className: "marker-cluster marker-cluster-" + size + (bad ? " marker-cluster-bad" : ""),
          iconSize: L.point(40, 40)
        });
      }
    });
    var bounds = [];
    var byId = {};
    points.forEach(function (p) {
      var m = marker(p);
      byId[p.id] = m;
      group.addLayer(m);
      bounds.push([p.lat, p.lng]);
    });
    map.addLayer(group);
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7 });
    } else {
      map.setView([20, 0], 2);
    }
    // /p/<program>/map/#f-<facility id> (the label page links so): show that facility's point
    var wanted = byId[(window.location.hash || "").replace(/^#f-/, "")];
    if (wanted) {
      group.zoomToShowLayer(wanted, function () { wanted.openPopup(); });
    }
    el.setAttribute("data-ready", String(points.length));
  }

  function facilityMap(el) {
    var lat = parseFloat(el.getAttribute("data-lat"));
    var lng = parseFloat(el.getAttribute("data-lng"));
    if (isNaN(lat) || isNaN(lng)) { return; }
    var map = newMap(el, { scrollWheelZoom: false });
    L.circleMarker([lat, lng], {
      radius: 9, weight: 2, className: "map-point std-" + (el.getAttribute("data-standing") || "applicant")
    }).bindTooltip(el.getAttribute("data-name") || "").addTo(map);
    map.setView([lat, lng], 6);
    el.setAttribute("data-ready", "1");
  }

  function start() {
    if (typeof L === "undefined") { return; }
    var main = document.getElementById("facility-map");
    if (main) { programMap(main); }
    Array.prototype.forEach.call(document.querySelectorAll(".map-small[data-lat]"), facilityMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
