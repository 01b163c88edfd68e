// Draws the dashboard's charts with uPlot from the JSON the server embeds in data-series attributes.
(function () {
  "use strict";
  var palette = ["#3b5bdb", "#f08c00", "#2f9e44", "#c2255c", "#1098ad", "#7048e8", "#e8590c", "#5c940d",
                 "#d6336c", "#0b7285", "#862e9c", "#a61e4d", "#364fc7", "#495057", "#099268"];

  function label(kind) {
    var s = kind.replace(/_/g, " ");
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function drawEventsPerDay(el) {
    var data = JSON.parse(el.getAttribute("data-series"));
    if (!data.series.length) { el.style.display = "none"; return; }
    var columns = [data.x].concat(data.series.map(function (s) { return s.values; }));
    var series = [{}].concat(data.series.map(function (s, i) {
      return { label: label(s.label), stroke: palette[i % palette.length], width: 2 };
    }));
    var chart = new uPlot({
      width: el.clientWidth || 800,
      height: 300,
      series: series,
      axes: [{}, { size: 60 }],
      scales: { x: { time: true } }
    }, columns, el);
    el.setAttribute("data-rendered", String(data.series.length));
    window.addEventListener("resize", function () { chart.setSize({ width: el.clientWidth, height: 300 }); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("events-chart");
    if (el && window.uPlot) { drawEventsPerDay(el); }
  });
})();
