// EnforcementFlows dashboard: deadline countdowns and "select all" for bulk dismiss.
// Served from /dashboard/assets/ (the CSP allows no inline script). Pages work without it.
(function () {
  "use strict";

  function formatRemaining(ms) {
    var overdue = ms < 0;
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    var text = d > 0 ? d + "d " + h + "h" : h > 0 ? h + "h " + m + "m" : m + "m " + (s % 60) + "s";
    return overdue ? "overdue by " + text : text;
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("time.countdown[datetime]").forEach(function (el) {
      var remaining = Date.parse(el.getAttribute("datetime")) - now;
      if (isNaN(remaining)) { return; }
      el.textContent = formatRemaining(remaining);
      el.classList.toggle("overdue", remaining < 0);
    });
  }

  function wireSelectAll() {
    document.querySelectorAll("input[type=checkbox][data-select-all]").forEach(function (all) {
      var name = all.getAttribute("data-select-all");
      all.addEventListener("change", function () {
        document.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) {
          if (!box.disabled) { box.checked = all.checked; }
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireSelectAll();
    tick();
    setInterval(tick, 1000);
  });
})();
