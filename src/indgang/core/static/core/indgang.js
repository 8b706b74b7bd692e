/* Behaviour of every page, as a static file: the Content-Security-Policy allows no inline
   script (decision 0017). */
(function () {
  "use strict";

  // The design system's error summary takes the focus, so a screen reader reads it and the
  // page shows it, however far down the form is (DKFDS.init does this for the first one;
  // this also covers a form that htmx swapped in).
  function focusErrorSummary(scope) {
    var summary = (scope || document).querySelector('[data-module="error-summary"]');
    if (summary && !summary.contains(document.activeElement)) {
      summary.focus();
    }
  }

  // The menu button tells assistive technology whether the phone's menu is open.
  function followMenuState() {
    var drawer = document.getElementById("mobile-menu");
    var opener = document.querySelector(".js-menu-open");
    if (!drawer || !opener || !window.MutationObserver) {
      return;
    }
    new MutationObserver(function () {
      opener.setAttribute("aria-expanded", drawer.classList.contains("is-visible") ? "true" : "false");
    }).observe(drawer, { attributes: true, attributeFilter: ["class"] });
  }

  // DKFDS moves the menu items that do not fit into a "more" menu labelled in Danish;
  // the label follows the page's language.
  function labelMoreMenu() {
    var menu = document.querySelector(".navigation-menu .mainmenu[data-more-label]");
    var label = menu && menu.querySelector(".more-button span");
    if (label) {
      label.textContent = menu.getAttribute("data-more-label");
    }
  }

  // A table wider than the page scrolls in a box of its own (reachable by keyboard), so the
  // page itself never scrolls sideways on a phone.
  function contain(table) {
    var parent = table.parentElement;
    if (!parent || parent.classList.contains("indgang-scroll") || parent.classList.contains("table-responsive")) {
      return;
    }
    if (table.scrollWidth <= parent.clientWidth + 1) {
      return;
    }
    var box = document.createElement("div");
    box.className = "indgang-scroll";
    box.setAttribute("tabindex", "0");
    parent.insertBefore(box, table);
    box.appendChild(table);
  }
  function containWideTables() {
    document.querySelectorAll("main table").forEach(contain);
  }

  function init() {
    if (window.DKFDS && window.DKFDS.init) {
      window.DKFDS.init();
    }
    labelMoreMenu();
    followMenuState();
    focusErrorSummary(document);
    containWideTables();
    var resizing;
    window.addEventListener("resize", function () {
      window.clearTimeout(resizing);
      resizing = window.setTimeout(containWideTables, 100);
    });
    // <select data-submit-on-change>: choosing sends its form (e.g. "Working as").
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      focusErrorSummary(event.target);
      containWideTables();
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
