/* The site's charts (Chart.js), drawn from static code: the Content-Security-Policy allows no
   inline script (decision 0017). A chart is
     <canvas data-chart="KIND" data-source="ID" data-label1="..." data-label2="...">
   with its data in <script type="application/json" id="ID"> (Django's json_script) and the
   translated names of its series in data-label1, data-label2, ... Each slice registers its
   kinds of chart in a script of its own, loaded after this one:
     IndgangCharts.register({figures: function (canvas, data) { return chartConfig; }});
   Charts are drawn when the page is ready and when htmx settles new content.

   Numbers are written the page's way: Danish ("15.000.000", "12,5") on a Danish page,
   through the da-DK locale (Chart.js's own, and Intl.NumberFormat for axes and tooltips). */
window.IndgangCharts = (function () {
  "use strict";

  var lang = (document.documentElement.lang || "da").toLowerCase();
  var locale = lang.indexOf("en") === 0 ? "en-GB" : "da-DK";
  var kinds = {};

  function numberFormat(digits) {
    return new Intl.NumberFormat(locale, {maximumFractionDigits: digits});
  }

  var number = numberFormat(1);

  function formatted(value) {
    return typeof value === "number" ? number.format(value) : value;
  }

  // The translated name of a chart's n-th series.
  function label(canvas, n) {
    return canvas.dataset["label" + n] || "";
  }

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
      var config = kind(canvas, JSON.parse(source.textContent));
      config.options = Object.assign({locale: locale}, config.options || {});
      canvas.chart = new window.Chart(canvas, config);
    });
  }

  function register(more) {
    Object.assign(kinds, more);
    if (document.readyState !== "loading") {
      draw(document);
    }
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });

  return {
    locale: locale,
    numberFormat: numberFormat,
    number: number,
    formatted: formatted,
    label: label,
    register: register
  };
})();
