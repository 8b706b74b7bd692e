/* The effect report's charts: an event study per outcome and the balance plot (Chart.js);
   numbers the page's way through core/charts.js (load that first). */
(function () {
  var source = document.getElementById("effects-report-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var text = data.text;
  var blue = "#0059b3", orange = "#c85a00", grey = "#6b6b6b";
  // Numbers the page's way: 1.234,5 in Danish, on axes and in tooltips alike; years since
  // the start are small whole numbers, never "2.026".
  var number = window.IndgangCharts.numberFormat(2);
  Chart.defaults.locale = window.IndgangCharts.locale;
  function tick(value) { return number.format(value); }
  function tooltipLabel(item) {
    var value = item.chart.options.indexAxis === "y" ? item.parsed.x : item.parsed.y;
    return item.dataset.label + ": " + number.format(value);
  }

  // A point per year since the start and its interval as a vertical segment; the two
  // estimators sit side by side around each year.
  function estimator(rows, label, colour, shift, pointStyle) {
    var sets = [{type: "scatter", label: label, pointStyle: pointStyle, pointRadius: 5,
                 borderColor: colour, backgroundColor: colour,
                 data: rows.map(function (r) { return {x: r.x + shift, y: r.att}; })}];
    rows.forEach(function (r) {
      if (r.band_low !== undefined && r.band_low !== null && r.band_high !== null) {
        sets.push({type: "line", interval: true, label: label + ": " + text.band,
                   borderColor: colour, borderWidth: 1, pointRadius: 0, showLine: true,
                   data: [{x: r.x + shift, y: r.band_low}, {x: r.x + shift, y: r.band_high}]});
      }
      if (r.low === null || r.high === null) { return; }
      sets.push({type: "line", interval: true, label: label + ": " + text.interval,
                 borderColor: colour, borderWidth: 3, pointRadius: 0, showLine: true,
                 data: [{x: r.x + shift, y: r.low}, {x: r.x + shift, y: r.high}]});
    });
    return sets;
  }

  data.event_study.forEach(function (chart) {
    var canvas = document.getElementById("event-study-" + chart.outcome);
    if (!canvas) { return; }
    var xs = chart.matched.concat(chart.callaway_santanna).map(function (r) { return r.x; });
    new Chart(canvas, {
      data: {
        datasets: estimator(chart.matched, text.matched, blue, -0.12, "circle")
          .concat(estimator(chart.callaway_santanna, text.callaway_santanna, orange, 0.12, "rectRot"))
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: {type: "linear", min: Math.min.apply(null, xs) - 0.5, max: Math.max.apply(null, xs) + 0.5,
              afterBuildTicks: function (axis) {
                axis.ticks = xs.filter(function (x, i) { return xs.indexOf(x) === i; })
                  .map(function (x) { return {value: x}; });
              },
              grid: {display: false},
              title: {display: true, text: text.years}},
          y: {title: {display: true, text: text.effect}, ticks: {callback: tick},
              grid: {color: function (c) { return c.tick.value === 0 ? grey : "rgba(0,0,0,0.08)"; },
                     lineWidth: function (c) { return c.tick.value === 0 ? 1.5 : 1; }}}
        },
        plugins: {
          legend: {position: "top", labels: {boxWidth: 10, filter: function (item, d) {
            return !d.datasets[item.datasetIndex].interval;
          }}},
          tooltip: {filter: function (item) { return !item.dataset.interval; },
                    callbacks: {label: tooltipLabel}}
        }
      }
    });
  });

  var balance = data.balance, canvas = document.getElementById("balance-chart");
  if (canvas && balance.labels.length) {
    var line = function (value) { return balance.labels.map(function () { return value; }); };
    new Chart(canvas, {
      type: "line",
      data: {
        labels: balance.labels,
        datasets: [
          {label: text.before, data: balance.before, showLine: false, borderColor: grey,
           backgroundColor: grey, pointStyle: "circle", pointRadius: 5},
          {label: text.after, data: balance.after, showLine: false, borderColor: blue,
           backgroundColor: blue, pointStyle: "rectRot", pointRadius: 6},
          {label: text.threshold, data: line(balance.threshold), borderColor: orange,
           borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5},
          {label: "-" + text.threshold, data: line(-balance.threshold), borderColor: orange,
           borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5}
        ]
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        scales: {x: {title: {display: true, text: text.smd}, ticks: {callback: tick}},
                 y: {ticks: {autoSkip: false}}},
        plugins: {tooltip: {callbacks: {label: tooltipLabel}},
                  legend: {position: "bottom", labels: {
          boxWidth: 12, filter: function (item) { return item.text.charAt(0) !== "-"; }}}}
      }
    });
  }
})();
