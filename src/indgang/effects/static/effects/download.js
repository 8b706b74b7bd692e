/* A report file made in the background: when the polled status part arrives done, its
   download link is followed once (static code: the Content-Security-Policy allows no inline
   script). Without JavaScript the page refreshes and shows the link. */
(function () {
  "use strict";
  document.addEventListener("htmx:load", function (event) {
    var link = event.target.querySelector && event.target.querySelector("[data-auto-download]");
    if (link && !link.dataset.followed) {
      link.dataset.followed = "1";
      window.location.href = link.href;
    }
  });
})();
