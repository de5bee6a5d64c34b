/* Outcome dashboards: draw each chart from the accessible table next to it, so the chart and
 * the table always show the same numbers. Suppressed cells («<5», «x») are left out of the
 * chart (no bar), never drawn as a number. No inline script (CSP): loaded from static/. */
(function () {
  "use strict";
  var COLOURS = ["#0067c5", "#06893a", "#c77300", "#8269a2", "#c30000", "#005b82"];

  function cellValue(td) {
    var n = parseInt(td.getAttribute("data-value"), 10);
    return isNaN(n) ? null : n;
  }

  function readTable(table) {
    var columns = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    }).slice(1);
    var rows = [];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      if (tr.hasAttribute("data-total")) return;
      rows.push({
        label: tr.querySelector("th").textContent.trim(),
        values: Array.prototype.map.call(tr.querySelectorAll("td"), cellValue),
      });
    });
    return { columns: columns, rows: rows };
  }

  function draw(canvas) {
    var table = document.getElementById(canvas.getAttribute("data-chart-for"));
    if (!table || !window.Chart) return;
    var data = readTable(table);
    var config;
    if (data.columns.length === 1) {
      config = {
        labels: data.rows.map(function (r) { return r.label; }),
        datasets: [{ label: data.columns[0], data: data.rows.map(function (r) { return r.values[0]; }), backgroundColor: COLOURS[0] }],
      };
    } else {
      config = {
        labels: data.columns,
        datasets: data.rows.map(function (r, i) {
          return { label: r.label, data: r.values, backgroundColor: COLOURS[i % COLOURS.length] };
        }),
      };
    }
    new window.Chart(canvas, {
      type: "bar",
      data: config,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: data.columns.length > 1 } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart-for]").forEach(draw);
  });
})();
