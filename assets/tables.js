/* Tables drawn in the browser from their data (sufficiency/app/tables.py sends each table's
   cells in a dcc.Store; the server never builds one component per cell, and the browser
   writes the table as plain HTML, outside Dash's component tree, so a table of hundreds of
   rows costs milliseconds to draw).

   draw(data, sort): a GOV.UK table: a header row of sort buttons (aria-sort on the header
   cell, so screen readers hear the order) and the rows in the order asked for. Numbers sort
   by their value, text by its characters without regard to case; missing values go last;
   ties keep the table's own order, as the CSV download does.

   A click (or Enter / Space) on a heading's button sorts the table at once and stores the
   sort in the table's table-sort store (dash_clientside.set_props), which the "Download CSV"
   callback reads, so the file holds exactly what is shown. */
(function () {
  "use strict";

  var tables = {};  // table name -> {data, sort}

  function esc(text) {
    return String(text === null || text === undefined ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
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

  function html(data, sort) {
    var name = esc(data.name);
    var head = data.columns.map(function (col, k) {
      var state = sort && sort.column === k ? (sort.direction === "desc" ? "descending" : "ascending") : "none";
      var cls = "govuk-table__header app-sortable" + (col.numeric ? " govuk-table__header--numeric" : "");
      return '<th scope="col" class="' + cls + '" aria-sort="' + state + '"><button type="button" class="app-sort-button"' +
        ' id="table-' + name + '-sort-' + k + '" data-sort-table="' + name + '" data-sort-column="' + k + '">' +
        esc(col.name) + "</button></th>";
    }).join("");
    var body = order(data, sort).map(function (r) {
      return '<tr class="govuk-table__row">' + data.columns.map(function (col, k) {
        var text = esc(data.cells[k][r]);
        if (col.link && data.links && data.links[r]) {
          text = '<a class="govuk-link" href="' + esc(data.links[r]) + '">' + text + "</a>";
        }
        var cls = "govuk-table__cell" + (col.numeric ? " govuk-table__cell--numeric" : "");
        return k === 0 ? '<th scope="row" class="' + cls + ' app-row-header">' + text + "</th>"
                       : '<td class="' + cls + '">' + text + "</td>";
      }).join("") + "</tr>";
    }).join("");
    return '<table class="govuk-table app-data-table" aria-labelledby="' + name + '-caption">' +
      '<thead class="govuk-table__head"><tr class="govuk-table__row">' + head + "</tr></thead>" +
      '<tbody class="govuk-table__body">' + body + "</tbody></table>";
  }

  function holder(name) {
    return document.getElementById(JSON.stringify({ name: name, type: "table" }));
  }

  function draw(name, tries) {
    var t = tables[name];
    var el = holder(name);
    if (!el) {  // the page is still being drawn: try again shortly
      if ((tries || 0) < 50) window.setTimeout(function () { draw(name, (tries || 0) + 1); }, 40);
      return;
    }
    var focused = document.activeElement && document.activeElement.id;
    el.innerHTML = html(t.data, t.sort);
    if (focused && focused.indexOf("table-" + name + "-sort-") === 0) {
      var again = document.getElementById(focused);
      if (again) again.focus({ preventScroll: true });
    }
  }

  function render(data) {
    if (!data || !data.columns) return window.dash_clientside.no_update;
    tables[data.name] = { data: data, sort: null };
    draw(data.name);
    return data.rows;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, { tables: { render: render } });

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button[data-sort-table]") : null;
    if (!button) return;
    var name = button.getAttribute("data-sort-table");
    var t = tables[name];
    if (!t) return;
    var k = Number(button.getAttribute("data-sort-column"));
    var th = button.closest("th");
    var direction = th && th.getAttribute("aria-sort") === "ascending" ? "desc" : "asc";
    t.sort = { column: k, column_id: t.data.columns[k].name, direction: direction };
    draw(name);
    var dc = window.dash_clientside;
    if (dc && typeof dc.set_props === "function") {
      dc.set_props({ type: "table-sort", name: name }, { data: t.sort });
    }
  });
})();
