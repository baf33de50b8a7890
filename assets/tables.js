/* Tables drawn in the browser from their data (sufficiency/app/tables.py sends each table's
   cells in a dcc.Store; the server never builds one component per cell).

   render(data, sort): a GOV.UK table: caption-less (the heading above names it), a header row
   of sort buttons (aria-sort on the header cell, so screen readers hear the order), and the
   rows in the order asked for. Numbers sort by their value, text without regard to case;
   missing values go last; ties keep the table's own order, as the CSV download does.

   A click (or Enter / Space) on a heading's button stores the new sort in the table's
   table-sort store (dash_clientside.set_props): the table is drawn again and the "Download
   CSV" callback reads the same sort, so the file holds exactly what is shown. */
(function () {
  "use strict";

  function el(type, props, children) {
    var p = props || {};
    if (children !== undefined) p.children = children;
    return { type: type, namespace: "dash_html_components", props: p };
  }

  function order(data, sort) {
    var rows = [];
    for (var i = 0; i < data.rows; i++) rows.push(i);
    if (!sort || sort.column === undefined || sort.column === null) return rows;
    var k = sort.column;
    var col = data.columns[k];
    if (!col) return rows;
    var sign = sort.direction === "desc" ? -1 : 1;
    var vals = col.numeric ? data.values[k] : data.cells[k];
    rows.sort(function (a, b) {
      var x = vals[a], y = vals[b];
      var xm = x === null || x === undefined || x === "", ym = y === null || y === undefined || y === "";
      if (xm && ym) return a - b;
      if (xm) return 1;
      if (ym) return -1;
      var xs = String(x).toLowerCase(), ys = String(y).toLowerCase();  // code-point order, as the CSV sorts
      var c = col.numeric ? x - y : (xs < ys ? -1 : xs > ys ? 1 : 0);
      return c === 0 ? a - b : sign * c;
    });
    return rows;
  }

  function render(data, sort) {
    if (!data || !data.columns) return [];
    var name = data.name;
    var head = data.columns.map(function (col, k) {
      var state = sort && sort.column === k ? (sort.direction === "desc" ? "descending" : "ascending") : "none";
      var cls = "govuk-table__header app-sortable" + (col.numeric ? " govuk-table__header--numeric" : "");
      var button = el("Button", {
        type: "button", id: "table-" + name + "-sort-" + k, className: "app-sort-button",
        "data-sort-table": name, "data-sort-column": String(k), "data-sort-name": col.name
      }, col.name);
      return el("Th", { scope: "col", className: cls, "aria-sort": state }, button);
    });
    var body = order(data, sort).map(function (r) {
      var cells = data.columns.map(function (col, k) {
        var text = data.cells[k][r];
        var content = text;
        if (col.link && data.links && data.links[r]) {
          content = el("A", { href: data.links[r], className: "govuk-link" }, text);
        }
        var cls = "govuk-table__cell" + (col.numeric ? " govuk-table__cell--numeric" : "");
        return k === 0 ? el("Th", { scope: "row", className: cls + " app-row-header" }, content)
                       : el("Td", { className: cls }, content);
      });
      return el("Tr", { className: "govuk-table__row" }, cells);
    });
    return [
      el("Thead", { className: "govuk-table__head" }, [el("Tr", { className: "govuk-table__row" }, head)]),
      el("Tbody", { className: "govuk-table__body" }, body)
    ];
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, { tables: { render: render } });

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button[data-sort-table]") : null;
    if (!button) return;
    var dc = window.dash_clientside;
    if (!dc || typeof dc.set_props !== "function") return;
    var th = button.closest("th");
    var now = th ? th.getAttribute("aria-sort") : "none";
    var direction = now === "ascending" ? "desc" : "asc";
    dc.set_props({ type: "table-sort", name: button.getAttribute("data-sort-table") }, {
      data: {
        column: Number(button.getAttribute("data-sort-column")),
        column_id: button.getAttribute("data-sort-name"),
        direction: direction
      }
    });
  });
})();
