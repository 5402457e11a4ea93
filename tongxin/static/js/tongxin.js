/* Small page behaviours, kept out of the templates so the Content-Security-Policy
   can forbid inline script. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    /* Desktops have room for every filter; phones start with them folded. */
    var more = document.getElementById("more-filters");
    if (more && window.matchMedia("(min-width: 641px)").matches) {
      more.open = true;
    }
  });

  /* Live-search boxes inside forms must not submit the form on Enter. */
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target && target.hasAttribute &&
        target.hasAttribute("data-no-enter-submit")) {
      event.preventDefault();
    }
  });
})();
