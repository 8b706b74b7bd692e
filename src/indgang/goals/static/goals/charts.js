/* The goals' charts, drawn by core/charts.js (load that first), which also writes their
   numbers the page's way. A chart of counts has whole numbers on its axis from 0, never a
   0.0-1.0 axis. */
(function (charts) {
  "use strict";

  var number = charts.number, formatted = charts.formatted, label = charts.label;
  var whole = charts.numberFormat(0);

  function percent(value) {
    return number.format(value) + " %";
  }

  // An axis of amounts or shares: grouped the locale's way.
  function amounts(extra) {
    var axis = {beginAtZero: true, ticks: {callback: formatted}};
    return Object.assign(axis, extra || {});
  }

  // An axis of counts: whole numbers from 0, at least up to 1.
  function counts(extra) {
    var axis = {
      beginAtZero: true,
      suggestedMax: 1,
      ticks: {precision: 0, callback: function (v) { return whole.format(v); }}
    };
    return Object.assign(axis, extra || {});
  }

  function tooltip(format) {
    return {
      callbacks: {
        label: function (item) {
          var name = item.dataset.label ? item.dataset.label + ": " : "";
          var value = item.parsed.x !== undefined && item.chart.options.indexAxis === "y"
            ? item.parsed.x : item.parsed.y;
          return name + (value === null || value === undefined ? "–" : format(value));
        }
      }
    };
  }

  charts.register({
    // users of a municipality's business service by year (a count)
    years: function (c, d) {
      return {
        type: "bar",
        data: {labels: d.labels, datasets: [{label: label(c, 1), data: d.users}]},
        options: {scales: {y: counts()}, plugins: {tooltip: tooltip(whole.format)}}
      };
    },
    // users as a share of companies (%), and kroner per inhabitant, by region
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
        options: {
          scales: {
            pct: amounts({position: "left", ticks: {callback: percent}}),
            kr: amounts({position: "right", grid: {drawOnChartArea: false}})
          },
          plugins: {
            tooltip: {
              callbacks: {
                label: function (item) {
                  var value = item.parsed.y;
                  if (value === null || value === undefined) { return item.dataset.label + ": –"; }
                  return item.dataset.label + ": " + (item.dataset.yAxisID === "pct" ? percent(value) : number.format(value));
                }
              }
            }
          }
        }
      };
    },
    // targets by status (a count)
    status: function (c, d) {
      return {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [{label: label(c, 1), data: d.values, backgroundColor: ["#c0392b", "#2e86c1", "#27ae60"]}]
        },
        options: {
          scales: {y: counts()},
          plugins: {legend: {display: false}, tooltip: tooltip(whole.format)}
        }
      };
    },
    // one KPI's values against its target
    kpi: function (c, d) {
      return {
        type: "line",
        data: {
          labels: d.labels,
          datasets: [
            {label: label(c, 1), data: d.values, spanGaps: true},
            {label: label(c, 2), data: d.target, pointRadius: 6, showLine: false}
          ]
        },
        options: {scales: {y: amounts({beginAtZero: false})}, plugins: {tooltip: tooltip(number.format)}}
      };
    },
    // a contract's progress towards each target, in percent of the target
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
        options: {
          indexAxis: "y",
          scales: {x: amounts({ticks: {callback: percent}})},
          plugins: {tooltip: tooltip(percent)}
        }
      };
    }
  });
})(window.IndgangCharts);
