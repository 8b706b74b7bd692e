/* Behaviour of every page, as a static file: the Content-Security-Policy allows no inline
   script (decision 0017). */
(function () {
  "use strict";
  function init() {
    if (window.DKFDS && window.DKFDS.init) {
      window.DKFDS.init();
    }
    // <select data-submit-on-change>: choosing sends its form (e.g. "Working as").
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
