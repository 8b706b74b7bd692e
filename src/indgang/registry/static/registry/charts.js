/* The register's charts, drawn by core/charts.js (load that first). */
(function (charts) {
  "use strict";

  var label = charts.label, formatted = charts.formatted;

  charts.register({
    // a company's yearly figures: amounts in kroner on the left, full-time equivalents right
    figures: function (c, d) {
      return {
        type: "line",
        data: {
          labels: d.years,
          datasets: [
            {label: label(c, 1), data: d.turnover, yAxisID: "dkk"},
            {label: label(c, 2), data: d.value_added, yAxisID: "dkk"},
            {label: label(c, 3), data: d.exports, yAxisID: "dkk"},
            {label: label(c, 4), data: d.fte, yAxisID: "fte", borderDash: [6, 4]}
          ]
        },
        options: {
          scales: {
            dkk: {type: "linear", position: "left", ticks: {callback: formatted}},
            fte: {
              type: "linear",
              position: "right",
              grid: {drawOnChartArea: false},
              ticks: {callback: formatted}
            }
          }
        }
      };
    }
  });
})(window.IndgangCharts);
