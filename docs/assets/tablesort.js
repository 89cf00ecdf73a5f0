/* xlref: click a column header to sort tables inside <div class="xlref-sortable">.
   Each cell also gets its column name (data-label) so narrow screens can show rows as cards.
   Numbers and release numbers ("4.10") sort numerically; a second click reverses the order. */
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim().toLowerCase() : "";
  }

  function compare(a, b) {
    var ra = /^(\d+)(?:\.(\d+))?/.exec(a);
    var rb = /^(\d+)(?:\.(\d+))?/.exec(b);
    if (ra && rb) {
      var d = Number(ra[1]) - Number(rb[1]) || Number(ra[2] || 0) - Number(rb[2] || 0);
      if (d) { return d; }
    }
    if (a === b) { return 0; }
    if (a === "") { return 1; }
    if (b === "") { return -1; }
    return a < b ? -1 : 1;
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var descending = header.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (x, y) {
      var r = compare(cellKey(x, index), cellKey(y, index));
      return descending ? -r : r;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function setup() {
    var tables = document.querySelectorAll(".xlref-sortable table");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.dataset.xlrefSortable || !table.tHead) { return; }
      table.dataset.xlrefSortable = "1";
      var labels = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
        return th.textContent.trim();
      });
      Array.prototype.forEach.call(table.tBodies[0] ? table.tBodies[0].rows : [], function (row) {
        Array.prototype.forEach.call(row.cells, function (td, index) {
          td.setAttribute("data-label", labels[index] || "");  /* stacked layout on phones */
        });
      });
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        th.classList.add("xlref-sortable-header");
        th.setAttribute("tabindex", "0");
        th.setAttribute("title", "Sort by this column");
        th.addEventListener("click", function () { sortBy(table, index, th); });
        th.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            sortBy(table, index, th);
          }
        });
      });
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
