/* The dashboard's charts: Chart.js (vendored) over the figures the page embeds.
   Clicking a bar or a slice opens the list of records behind it. */
(function () {
  "use strict";
  function draw() {
    var data = document.getElementById("tx-stats-charts");
    if (!data || typeof window.Chart === "undefined") return;
    var charts = JSON.parse(data.textContent);
    var palette = ["#b3261e", "#2f6f9f", "#c77700", "#2e7d32", "#6a4c93",
                   "#00838f", "#8d6e63", "#d81b60", "#546e7a", "#9e9d24"];
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = charts[canvas.dataset.chart];
      if (!spec) return;
      var doughnut = spec.type === "doughnut";
      new window.Chart(canvas, {
        type: spec.type,
        data: {
          labels: spec.labels,
          datasets: [{
            data: spec.values,
            backgroundColor: doughnut ? palette : palette[1],
            borderWidth: doughnut ? 1 : 0
          }]
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: doughnut, position: "right" } },
          scales: doughnut ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } },
          onClick: function (_event, elements) {
            if (elements.length && spec.urls[elements[0].index]) window.location.href = spec.urls[elements[0].index];
          },
          onHover: function (event, elements) {
            event.native.target.style.cursor = elements.length ? "pointer" : "default";
          }
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
