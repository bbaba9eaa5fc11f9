// Premium per season: draws the figures of the table beside it (json_script "premium-chart-data").
// Without JavaScript, or without Chart.js, the table alone is the page.
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("premium-chart");
    var source = document.getElementById("premium-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    if (!data.labels || data.labels.length === 0) return;
    var colours = ["#1f5f8b", "#2e8540", "#b35c00"];
    canvas.hidden = false;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          return { label: s.label + " (" + data.currency + ")", data: s.data, backgroundColor: colours[i % colours.length] };
        })
      },
      options: { responsive: true, aspectRatio: 2.6, animation: false, plugins: { legend: { position: "bottom" } } }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
