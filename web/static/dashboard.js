// Draws the dashboard's charts with uPlot from the JSON the server embeds in data-chart attributes:
// {"kind": "lines" | "bars", "time": bool, "x": [...], "xLabel", "yLabel", "series": [{"label", "values"}]}.
// Every chart's numbers are also in a table on the page, so nothing depends on this script.
(function () {
  "use strict";
  var palette = ["#3b5bdb", "#f08c00", "#2f9e44", "#c2255c", "#1098ad", "#7048e8", "#e8590c", "#5c940d",
                 "#d6336c", "#0b7285", "#862e9c", "#a61e4d", "#364fc7", "#495057", "#099268"];

  function draw(el) {
    var data = JSON.parse(el.getAttribute("data-chart"));
    if (!data.series.length || !data.x.length) { el.style.display = "none"; return; }
    var height = data.kind === "bars" ? 220 : 300;
    var bars = data.kind === "bars" && uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.9] }) : null;
    var columns = [data.x].concat(data.series.map(function (s) { return s.values; }));
    var series = [{ label: data.xLabel || "" }].concat(data.series.map(function (s, i) {
      var line = { label: s.label, stroke: palette[i % palette.length], width: 2, spanGaps: true };
      if (bars) { line.paths = bars; line.fill = palette[i % palette.length] + "99"; line.points = { show: false }; }
      if (/^(chance|perfect calibration|baseline)/i.test(s.label)) { line.dash = [6, 4]; line.stroke = "#868e96"; }
      return line;
    }));
    var chart = new uPlot({
      width: el.clientWidth || 800,
      height: height,
      series: series,
      axes: [{ label: data.xLabel || null }, { size: 60, label: data.yLabel || null }],
      scales: { x: { time: !!data.time } }
    }, columns, el);
    el.setAttribute("data-rendered", String(data.series.length));
    window.addEventListener("resize", function () { chart.setSize({ width: el.clientWidth, height: height }); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.uPlot) { return; }
    var charts = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < charts.length; i++) { draw(charts[i]); }
  });
})();
