// The segment builder: conditions under "all" or "any", each one a field, a trait, a promotion's click probability,
// an event done at least N times in D days, or membership of another segment, each optionally negated. Every edit
// is counted live by POST /api/segments/preview; saving is POST or PUT /api/segments. What the caller typed is only
// ever set as text.
(function () {
  "use strict";
  var root = document.getElementById("builder");
  if (!root) { return; }
  var setup = JSON.parse(root.getAttribute("data-setup"));
  var csrf = document.querySelector("meta[name=csrf-token]");
  var ruleEl = document.getElementById("rule");
  var state = { combine: "all", rows: [] };
  var timer = null, asked = 0;

  var TRAIT_OPS = ["=", "!=", "<", "<=", ">", ">=", "in", "not in", "contains"];
  var fields = {};
  setup.fields.forEach(function (f) { fields[f.name] = f; });

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function select(options, value, label) {
    var s = el("select", { "aria-label": label });
    options.forEach(function (o) {
      var opt = el("option", { value: o.value }, o.label);
      if (String(o.value) === String(value)) { opt.selected = true; }
      s.appendChild(opt);
    });
    return s;
  }

  function fromRule(rule) {
    if (!rule) { return true; }
    var combine = rule.all ? "all" : rule.any ? "any" : null;
    var children = combine ? rule[combine] : [rule];
    state.combine = combine || "all";
    for (var i = 0; i < children.length; i++) {
      var c = children[i], not = false;
      if (c.not) { not = true; c = c.not; }
      var row = { not: not };
      var click = c.field && /^promotion\.(.+)\.click_probability$/.exec(c.field);
      if (click) {
        row.kind = "click"; row.promotion = click[1]; row.op = c.op; row.value = c.value;
      } else if (c.field && c.field.indexOf("trait.") === 0) {
        row.kind = "trait"; row.trait = c.field.substring(6); row.op = c.op; row.value = c.value;
      } else if (c.field) {
        row.kind = "field"; row.field = c.field; row.op = c.op; row.value = c.value;
      } else if (c.did) {
        row.kind = "did"; row.did = c.did; row.atLeast = c.atLeast || 1; row.withinDays = c.withinDays || 30;
      } else if (c.inSegment !== undefined) {
        row.kind = "inSegment"; row.segment = c.inSegment;
      } else {
        return false; // nested groups: not shown as rows
      }
      state.rows.push(row);
    }
    return true;
  }

  function valueOf(row, type) {
    var v = row.value;
    if (row.op === "in" || row.op === "not in") {
      var parts = Array.isArray(v) ? v : String(v || "").split(",").map(function (s) { return s.trim(); })
        .filter(function (s) { return s.length; });
      return type === "number" ? parts.map(Number) : parts;
    }
    if (type === "number") { return v === "" || v === undefined ? v : Number(v); }
    if (type === "boolean") { return v === true || v === "true"; }
    return v === undefined ? "" : String(v);
  }

  function toRule() {
    var children = state.rows.map(function (r) {
      var c;
      if (r.kind === "field") {
        var f = fields[r.field];
        c = { field: r.field, op: r.op, value: valueOf(r, f.type.toLowerCase()) };
      } else if (r.kind === "trait") {
        var numeric = ["<", "<=", ">", ">="].indexOf(r.op) >= 0 || (r.value !== "" && !isNaN(Number(r.value)) && r.op !== "contains");
        c = { field: "trait." + (r.trait || ""), op: r.op, value: valueOf(r, numeric ? "number" : "text") };
      } else if (r.kind === "click") {
        c = { field: "promotion." + (r.promotion || "") + ".click_probability", op: r.op, value: valueOf(r, "number") };
      } else if (r.kind === "did") {
        c = { did: r.did, atLeast: Number(r.atLeast), withinDays: Number(r.withinDays) };
      } else {
        c = { inSegment: Number(r.segment) };
      }
      return r.not ? { not: c } : c;
    });
    var rule = {};
    rule[state.combine] = children;
    return rule;
  }

  function newRow(kind) {
    if (kind === "field") {
      var f = setup.fields[0];
      return { kind: "field", field: f.name, op: f.operators[0], value: f.values.length ? f.values[0] : "" };
    }
    if (kind === "trait") { return { kind: "trait", trait: "", op: "=", value: "" }; }
    if (kind === "click") { return { kind: "click", promotion: "", op: ">=", value: "" }; }
    if (kind === "did") { return { kind: "did", did: setup.kinds[0], atLeast: 1, withinDays: 30 }; }
    return { kind: "inSegment", segment: setup.segments.length ? setup.segments[0].id : "" };
  }

  function render() {
    ruleEl.textContent = "";
    var head = el("p", { "class": "combine" });
    head.appendChild(document.createTextNode("Customers who match "));
    var combine = select([{ value: "all", label: "all" }, { value: "any", label: "any" }], state.combine, "all or any");
    combine.id = "rule-combine";
    combine.addEventListener("change", function () { state.combine = combine.value; changed(); });
    head.appendChild(combine);
    head.appendChild(document.createTextNode(" of these conditions:"));
    ruleEl.appendChild(head);
    var list = el("ol", { "class": "conditions", id: "conditions" });
    state.rows.forEach(function (row, i) { list.appendChild(renderRow(row, i)); });
    ruleEl.appendChild(list);
    var add = el("p", { "class": "add" });
    [["field", "Add a behaviour or score condition"], ["trait", "Add a trait condition"],
     ["click", "Add a promotion's click probability"], ["did", "Add an event condition"],
     ["inSegment", "Add another segment"]].forEach(function (a) {
      if (a[0] === "inSegment" && !setup.segments.length) { return; }
      var b = el("button", { type: "button", "data-add": a[0] }, a[1]);
      b.addEventListener("click", function () { state.rows.push(newRow(a[0])); render(); changed(); });
      add.appendChild(b);
    });
    ruleEl.appendChild(add);
  }

  function renderRow(row, i) {
    var li = el("li", { "class": "condition", "data-kind": row.kind });
    var not = el("input", { type: "checkbox", "aria-label": "not" });
    not.checked = !!row.not;
    not.addEventListener("change", function () { row.not = not.checked; changed(); });
    var notLabel = el("label", { "class": "not" });
    notLabel.appendChild(not);
    notLabel.appendChild(document.createTextNode(" not"));
    li.appendChild(notLabel);
    if (row.kind === "field") {
      var f = fields[row.field];
      var fs = select(setup.fields.map(function (x) { return { value: x.name, label: x.name }; }), row.field, "field");
      fs.className = "field";
      fs.title = f.description;
      fs.addEventListener("change", function () {
        var nf = fields[fs.value];
        row.field = nf.name; row.op = nf.operators[0]; row.value = nf.values.length ? nf.values[0] : "";
        render(); changed();
      });
      li.appendChild(fs);
      li.appendChild(opSelect(row, f.operators));
      li.appendChild(valueInput(row, f));
    } else if (row.kind === "trait") {
      var t = el("input", { type: "text", "class": "trait", placeholder: "trait name", "aria-label": "trait name" });
      t.value = row.trait || "";
      t.addEventListener("input", function () { row.trait = t.value; changed(); });
      li.appendChild(document.createTextNode("trait "));
      li.appendChild(t);
      li.appendChild(opSelect(row, TRAIT_OPS));
      li.appendChild(valueInput(row, { type: "TEXT", values: [] }));
    } else if (row.kind === "click") {
      var p = el("input", { type: "text", "class": "promotion", placeholder: "promotion id", "aria-label": "promotion id" });
      p.value = row.promotion || "";
      p.addEventListener("input", function () { row.promotion = p.value; changed(); });
      li.appendChild(document.createTextNode("click probability of promotion "));
      li.appendChild(p);
      li.appendChild(opSelect(row, ["=", "!=", "<", "<=", ">", ">="]));
      li.appendChild(valueInput(row, { type: "NUMBER", values: [] }));
    } else if (row.kind === "did") {
      li.appendChild(document.createTextNode("did "));
      var k = select(setup.kinds.map(function (x) { return { value: x, label: x.replace(/_/g, " ") }; }), row.did, "event");
      k.className = "kind";
      k.addEventListener("change", function () { row.did = k.value; changed(); });
      li.appendChild(k);
      li.appendChild(document.createTextNode(" at least "));
      li.appendChild(numberInput(row, "atLeast", "times"));
      li.appendChild(document.createTextNode(" times in the last "));
      li.appendChild(numberInput(row, "withinDays", "days"));
      li.appendChild(document.createTextNode(" days"));
    } else {
      li.appendChild(document.createTextNode("is in segment "));
      var s = select(setup.segments.map(function (x) { return { value: x.id, label: x.name }; }), row.segment, "segment");
      s.addEventListener("change", function () { row.segment = s.value; changed(); });
      li.appendChild(s);
    }
    var remove = el("button", { type: "button", "class": "remove", "aria-label": "remove this condition" }, "Remove");
    remove.addEventListener("click", function () { state.rows.splice(i, 1); render(); changed(); });
    li.appendChild(remove);
    return li;
  }

  function opSelect(row, ops) {
    var s = select(ops.map(function (o) { return { value: o, label: o }; }), row.op, "operator");
    s.className = "op";
    s.addEventListener("change", function () { row.op = s.value; changed(); });
    return s;
  }

  function numberInput(row, key, label) {
    var n = el("input", { type: "number", min: "1", "class": key, "aria-label": label });
    n.value = row[key];
    n.addEventListener("input", function () { row[key] = n.value; changed(); });
    return n;
  }

  function valueInput(row, field) {
    if (field.type === "BOOLEAN") {
      var b = select([{ value: "true", label: "yes" }, { value: "false", label: "no" }], String(row.value === true || row.value === "true"), "value");
      b.className = "value";
      b.addEventListener("change", function () { row.value = b.value; changed(); });
      return b;
    }
    var v = el("input", { type: field.type === "NUMBER" ? "number" : "text", "class": "value", "aria-label": "value",
                          step: "any" });
    if (field.values && field.values.length) { v.setAttribute("placeholder", field.values.join(", ")); }
    v.value = Array.isArray(row.value) ? row.value.join(", ") : (row.value === undefined ? "" : row.value);
    v.addEventListener("input", function () { row.value = v.value; changed(); });
    return v;
  }

  function post(method, url, body) {
    var headers = { "Content-Type": "application/json", "Accept": "application/json" };
    if (csrf) { headers["X-CSRF-TOKEN"] = csrf.getAttribute("content"); }
    return fetch(url, { method: method, headers: headers, body: JSON.stringify(body), credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, status: r.status, body: j }; }); });
  }

  function showError(detail) {
    var e = document.getElementById("rule-error");
    e.textContent = detail || "";
    e.hidden = !detail;
  }

  function changed() {
    clearTimeout(timer);
    timer = setTimeout(count, 300);
  }

  function count() {
    var mine = ++asked;
    if (!state.rows.length) {
      document.getElementById("live-count").textContent = "–";
      document.getElementById("live-time").textContent = "(add a condition to count its customers)";
      document.getElementById("live-sample").textContent = "";
      root.setAttribute("data-count", "empty");
      showError(null);
      return;
    }
    root.setAttribute("data-counting", "true");
    post("POST", "/api/segments/preview", { rule: toRule() }).then(function (r) {
      if (mine !== asked) { return; } // a later edit is being counted
      root.removeAttribute("data-counting");
      var sample = document.getElementById("live-sample");
      sample.textContent = "";
      if (!r.ok) {
        document.getElementById("live-count").textContent = "–";
        root.setAttribute("data-count", "invalid");
        showError(r.body.detail);
        return;
      }
      showError(null);
      document.getElementById("live-count").textContent = r.body.count.toLocaleString("en");
      var asOf = r.body.factsBuiltAt ? ", customers as of " + new Date(r.body.factsBuiltAt).toLocaleString("en-GB") : "";
      document.getElementById("live-time").textContent = "(counted in " + r.body.millis + " ms" + asOf + ")";
      r.body.sample.forEach(function (id) {
        var li = el("li");
        li.appendChild(el("a", { href: "/customers/" + encodeURIComponent(id) }, id));
        sample.appendChild(li);
      });
      root.setAttribute("data-count", String(r.body.count));
    });
  }

  function save() {
    var body = {
      name: document.getElementById("segment-name").value,
      description: document.getElementById("segment-description").value,
      rule: toRule()
    };
    var editing = setup.id !== undefined;
    post(editing ? "PUT" : "POST", editing ? "/api/segments/" + setup.id : "/api/segments", body).then(function (r) {
      if (!r.ok) { showError(r.body.detail); return; }
      window.location.href = "/segments/" + r.body.id;
    });
  }

  if (setup.name) { document.getElementById("segment-name").value = setup.name; }
  if (setup.description) { document.getElementById("segment-description").value = setup.description; }
  if (!fromRule(setup.rule)) {
    state.rows = [];
    showError("This rule has nested groups, which the builder does not show; edit it over the API.");
  }
  render();
  document.getElementById("save-segment").addEventListener("click", save);
  count();
})();
