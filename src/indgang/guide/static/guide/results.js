/* The results page: after "Show more" has brought more offers in place (htmx), the first
   new offer takes the focus, as the link's #result-N does when the page loads anew. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var first = document.querySelector("#results [data-first-new]");
    if (first) {
      first.focus();
    }
  });
})();
