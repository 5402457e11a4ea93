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

  /* An open navigation group closes when the user clicks elsewhere or presses Escape. */
  function closeNavGroups(except) {
    document.querySelectorAll("details.tx-nav-group[open]").forEach(function (group) {
      if (group !== except) group.open = false;
    });
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    closeNavGroups(target && target.closest ? target.closest("details.tx-nav-group") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeNavGroups(null);
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
