/* The register's charts (Chart.js; the goals' are in goals/charts.js), drawn from static code: the Content-Security-Policy allows no inline
   script (decision 0017). A chart is
     <canvas data-chart="KIND" data-source="ID" data-label1="..." data-label2="...">
   with its data in <script type="application/json" id="ID"> (Django's json_script) and the
   translated names of its series in data-label1, data-label2, ... Charts that arrive with
   htmx are drawn when they settle. */
(function () {
  "use strict";

  function label(canvas, n) {
    return canvas.dataset["label" + n] || "";
  }

  // Numbers the page's way: "15.000.000" and "12,5" on a Danish page (goals/charts.js does
  // the same for the goals' charts).
  var lang = (document.documentElement.lang || "da").toLowerCase();
  var locale = lang.indexOf("en") === 0 ? "en-GB" : "da-DK";
  var number = new Intl.NumberFormat(locale, {maximumFractionDigits: 1});

  function formatted(value) {
    return typeof value === "number" ? number.format(value) : value;
  }

  var kinds = {
    // registry: a company's yearly figures
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
          locale: locale,
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
  };

  function draw(root) {
    if (!window.Chart) {
      return;
    }
    root.querySelectorAll("canvas[data-chart]:not([data-drawn])").forEach(function (canvas) {
      var kind = kinds[canvas.dataset.chart];
      var source = document.getElementById(canvas.dataset.source);
      if (!kind || !source) {
        return;
      }
      canvas.setAttribute("data-drawn", "");
      new window.Chart(canvas, kind(canvas, JSON.parse(source.textContent)));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
