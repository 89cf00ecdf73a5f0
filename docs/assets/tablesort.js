/* xlref: click a column header to sort tables inside <div class="xlref-sortable">.
   Each cell also gets its column name (data-label) so narrow screens can show rows as cards.
   Numbers and release numbers ("4.10") sort numerically; a second click reverses the order.
   Tables inside <div class="xlref-filterable" data-facets="Group,Status"> also get a filter box (every word
   must occur in the row) and one drop-down per named column. */
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

  function columnIndex(table, name) {
    var cells = table.tHead.rows[0].cells;
    for (var i = 0; i < cells.length; i++) {
      if (cells[i].textContent.trim() === name) { return i; }
    }
    return -1;
  }

  function addFilter(wrapper, table) {
    var body = table.tBodies[0];
    if (!body || wrapper.dataset.xlrefFilter) { return; }
    wrapper.dataset.xlrefFilter = "1";
    var rows = Array.prototype.slice.call(body.rows);
    var form = document.createElement("div");
    form.className = "xlref-filter";
    var text = document.createElement("input");
    text.type = "search";
    text.placeholder = "Filter rows";
    text.setAttribute("aria-label", "Filter the table rows");
    form.appendChild(text);
    var facets = (wrapper.getAttribute("data-facets") || "").split(",").filter(Boolean).map(function (name) {
      var index = columnIndex(table, name);
      if (index < 0) { return null; }
      var select = document.createElement("select");
      select.setAttribute("aria-label", "Only rows whose " + name + " is");
      select.dataset.column = name;
      var values = {};
      rows.forEach(function (row) { values[row.cells[index] ? row.cells[index].textContent.trim() : ""] = 1; });
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "Any " + name.toLowerCase();
      select.appendChild(all);
      Object.keys(values).filter(Boolean).sort().forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = v;
        select.appendChild(option);
      });
      form.appendChild(select);
      return { index: index, select: select };
    }).filter(Boolean);
    var count = document.createElement("span");
    count.className = "xlref-filter-count";
    form.appendChild(count);
    wrapper.insertBefore(form, wrapper.firstChild);

    function apply() {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var hay = row.textContent.toLowerCase();
        var ok = words.every(function (w) { return hay.indexOf(w) >= 0; }) && facets.every(function (f) {
          return !f.select.value || row.cells[f.index].textContent.trim() === f.select.value;
        });
        row.hidden = !ok;
        if (ok) { shown++; }
      });
      count.textContent = shown === rows.length ? rows.length + " rows" : shown + " of " + rows.length + " rows";
    }
    text.addEventListener("input", apply);
    facets.forEach(function (f) { f.select.addEventListener("change", apply); });
    apply();
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
      var wrapper = table.closest(".xlref-filterable");
      if (wrapper) { addFilter(wrapper, table); }
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

  window.xlrefOnPage(setup);
})();
