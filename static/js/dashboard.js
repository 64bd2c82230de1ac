// Draws every dashboard figure from its json_script data with Chart.js (static/vendor/, see
// scripts/vendor-assets). No inline scripts, so a Content-Security-Policy of script-src 'self'
// holds. Without Chart.js (offline build) the tables remain and the chart boxes are hidden.
(function () {
  "use strict";
  const lang = document.documentElement.lang || "id";
  const numbers = new Intl.NumberFormat(lang === "en" ? "en-GB" : "id-ID");
  const reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chartData);
    if (!source) return;
    const spec = JSON.parse(source.textContent);
    const box = canvas.closest("[data-chart-box]");
    if (spec.horizontal && box) {
      // One readable row per label (and per series when grouped), also on a 390 px phone.
      const perLabel = spec.stacked ? 1 : Math.max(1, spec.datasets.length);
      box.style.height = Math.max(220, spec.labels.length * (14 * perLabel + 12) + 90) + "px";
    }
    const valueAxis = spec.horizontal ? "x" : "y";
    const scales = {
      x: { stacked: spec.stacked, ticks: { autoSkip: !spec.horizontal, maxRotation: 60 } },
      y: { stacked: spec.stacked, ticks: {} },
    };
    scales[valueAxis].beginAtZero = true;
    scales[valueAxis].ticks.precision = 0; // counts: no half businesses on the axis
    scales[valueAxis].ticks.callback = (value) => numbers.format(value) + (spec.percent ? " %" : "");
    const chart = new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map((d) => ({
          label: d.label,
          type: d.type,
          data: d.data, // null = suppressed (<5 businesses) or missing: drawn as a gap
          text: d.text,
          backgroundColor: d.color,
          borderColor: d.type === "line" ? d.color : "#1f2937",
          borderWidth: d.type === "line" ? 2 : 1,
          pointRadius: 3,
          maxBarThickness: 32,
          spanGaps: false,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 250 },
        indexAxis: spec.horizontal ? "y" : "x",
        scales: scales,
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          title: { display: false, text: spec.title },
          tooltip: {
            callbacks: {
              label: (item) => item.dataset.label + ": " + item.dataset.text[item.dataIndex],
            },
          },
        },
      },
    });
    canvas.dataset.rendered = "true";
    return chart;
  }

  function start() {
    if (!window.Chart) {
      document.documentElement.classList.add("no-charts");
      return;
    }
    window.Chart.defaults.font.size = 12;
    document.querySelectorAll("canvas[data-chart-data]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
