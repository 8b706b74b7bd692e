/* The charts (Chart.js), drawn from static code: the Content-Security-Policy allows no inline
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

  var dualAxes = {
    scales: {pct: {position: "left"}, kr: {position: "right", grid: {drawOnChartArea: false}}}
  };

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
          scales: {
            dkk: {type: "linear", position: "left"},
            fte: {type: "linear", position: "right", grid: {drawOnChartArea: false}}
          }
        }
      };
    },
    // goals: users of a municipality's business service by year
    years: function (c, d) {
      return {type: "bar", data: {labels: d.labels, datasets: [{label: label(c, 1), data: d.users}]}};
    },
    // goals: users as a share of companies, and kroner per inhabitant, by region
    regions: function (c, d) {
      return {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [
            {label: label(c, 1), data: d.users_share, yAxisID: "pct"},
            {label: label(c, 2), data: d.kr, yAxisID: "kr"}
          ]
        },
        options: dualAxes
      };
    },
    // goals: targets by status
    status: function (c, d) {
      return {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [{label: label(c, 1), data: d.values, backgroundColor: ["#c0392b", "#2e86c1", "#27ae60"]}]
        },
        options: {plugins: {legend: {display: false}}}
      };
    },
    // goals: one KPI's values against its target
    kpi: function (c, d) {
      return {
        type: "line",
        data: {
          labels: d.labels,
          datasets: [
            {label: label(c, 1), data: d.values, spanGaps: true},
            {label: label(c, 2), data: d.target, pointRadius: 6, showLine: false}
          ]
        }
      };
    },
    // goals: a contract's progress towards each target
    targets: function (c, d) {
      return {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [
            {label: label(c, 1), data: d.value},
            {label: label(c, 2), data: d.forecast}
          ]
        },
        options: {indexAxis: "y"}
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
