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

  /* The header's 大字 button: switch large text at once, and remember it in a
     cookie (the form posts without script too, and comes back here). */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || form.id !== "tx-text-size" || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button");
    var size = form.querySelector("input[name=size]");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) { form.submit(); return; }
      var large = size.value === "large";
      document.documentElement.classList.toggle("tx-large", large);
      button.setAttribute("aria-pressed", large ? "true" : "false");
      size.value = large ? "normal" : "large";
    }, function () { form.submit(); });
  });

  /* Live-search boxes inside forms must not submit the form on Enter. */
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target && target.hasAttribute &&
        target.hasAttribute("data-no-enter-submit")) {
      event.preventDefault();
    }
  });

  /* Member pickers (members/pickers.py): a search result added to the chosen
     members, a chosen member removed. The hidden select is what the form posts. */
  function pickerChip(picker, value, label) {
    var item = document.createElement("li");
    item.setAttribute("data-value", value);
    item.appendChild(document.createTextNode(label + " "));
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "tx-picker-remove";
    remove.setAttribute("aria-label", (picker.getAttribute("data-remove-label") || "×") + " " + label);
    remove.textContent = "×";
    item.appendChild(remove);
    return item;
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) return;
    var picker = target.closest(".tx-picker");
    if (!picker) return;
    var select = picker.querySelector(".tx-picker-select");
    var chosen = picker.querySelector(".tx-picker-chosen");
    var add = target.closest(".tx-picker-add");
    if (add) {
      event.preventDefault();
      var value = add.getAttribute("data-value");
      var label = add.getAttribute("data-label");
      if (picker.getAttribute("data-picker") === "one") {
        select.innerHTML = "";
        chosen.innerHTML = "";
      }
      if (!select.querySelector('option[value="' + value + '"]')) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = label;
        option.selected = true;
        select.appendChild(option);
        chosen.appendChild(pickerChip(picker, value, label));
      }
      var search = picker.querySelector(".tx-picker-search");
      search.value = "";
      picker.querySelector(".tx-picker-results").innerHTML = "";
      search.focus();
      return;
    }
    var remove = target.closest(".tx-picker-remove");
    if (remove) {
      event.preventDefault();
      var item = remove.closest("li");
      var old = select.querySelector('option[value="' + item.getAttribute("data-value") + '"]');
      if (old) old.remove();
      item.remove();
    }
  });
})();
