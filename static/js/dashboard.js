// Dashboards: ECharts from the JSON the page carries (json_script; the CSP allows no inline script).
// A bar of the "children" chart drills down to that region; every chart resizes with the window.
(function () {
  if (typeof bootstrap !== "undefined") {
    document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) { new bootstrap.Tooltip(el); });
  }
  var dataNode = document.getElementById("dashboard-data");
  if (!dataNode || typeof echarts === "undefined") return;
  var data = JSON.parse(dataNode.textContent);
  var lang = document.documentElement.lang || "zh-hans";
  var en = lang.indexOf("en") === 0;
  var t = function (zh, english) { return en ? english : zh; };
  var charts = [];
  var palette = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1", "#dc3545", "#198754", "#0dcaf0", "#ffc107", "#6c757d"];

  function make(name, option) {
    var node = document.querySelector('[data-chart="' + name + '"]');
    if (!node) return null;
    var chart = echarts.init(node, null, { renderer: "svg" });
    option.color = option.color || palette;
    chart.setOption(option);
    charts.push(chart);
    return chart;
  }

  if (data.trend) {
    make("trend", {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 56, bottom: 40 },
      xAxis: { type: "category", data: data.trend.months, axisLabel: { rotate: 45 } },
      yAxis: [
        { type: "value", name: t("件", "count"), minInterval: 1 },
        { type: "value", name: "%", min: 0, max: 100 }
      ],
      series: [
        { name: t("收到投诉", "Received"), type: "bar", data: data.trend.received },
        { name: t("按时办理率", "On-time rate"), type: "line", yAxisIndex: 1, data: data.trend.on_time_rate, connectNulls: true },
        { name: t("满意率", "Satisfaction"), type: "line", yAxisIndex: 1, data: data.trend.satisfaction_rate, connectNulls: true }
      ]
    });
  }
  // A donut in a narrow card has no room for outside labels (ECharts cut them to "网..."): the
  // legend below names every slice in full with its count, wrapping onto as many lines as it needs.
  function pie(name, rows) {
    if (!rows) return;
    var counts = {};
    rows.forEach(function (r) { counts[r.name] = r.value; });
    make(name, {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { type: "plain", bottom: 0, left: "center", itemWidth: 12, itemHeight: 10, itemGap: 8,
                formatter: function (n) { return n + " " + counts[n]; } },
      series: [{ type: "pie", radius: ["30%", "56%"], center: ["50%", "38%"], data: rows,
                 label: { show: true, position: "inside", formatter: "{d}%", fontSize: 10, color: "#fff",
                          minMargin: 2 },
                 labelLayout: { hideOverlap: true } }]
    });
  }
  pie("channel", data.channel);
  if (data.category) {
    make("category", {
      tooltip: { trigger: "axis" },
      grid: { left: 110, right: 24, top: 10, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.category.map(function (r) { return r.name; }) },
      series: [{ type: "bar", data: data.category.map(function (r) { return r.value; }) }]
    });
  }
  if (data.children && data.children.length) {
    var node = document.querySelector('[data-chart="children"]');
    var chart = make("children", {
      tooltip: { trigger: "axis" },
      grid: { left: 48, right: 16, top: 16, bottom: 60 },
      xAxis: { type: "category", data: data.children.map(function (r) { return r.name; }), axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.children.map(function (r) { return r.value; }), cursor: "pointer" }]
    });
    if (chart && node.dataset.drill) {
      chart.on("click", function (params) {
        var row = data.children[params.dataIndex];
        if (row) window.location.search = node.dataset.drill + encodeURIComponent(row.code);
      });
    }
  }
  var bandsNode = document.getElementById("score-bands");
  if (bandsNode) {
    var bands = JSON.parse(bandsNode.textContent);
    make("scores", {
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 16, top: 10, bottom: 24 },
      xAxis: { type: "category", data: bands.map(function (b) { return b.band; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: bands.map(function (b, i) { return { value: b.count, itemStyle: { color: ["#dc3545", "#fd7e14", "#ffc107", "#20c997", "#198754"][i] } }; }) }]
    });
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
