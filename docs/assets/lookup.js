/* xlref quick lookup: answers "TOOL COMMAND [-FLAGS]" in the search box before the full-text results.

   The query is resolved exactly as `xlref lookup` resolves it (xlref.data.index.Index.resolve): an exact name,
   then an alias, then a unique prefix of the canonical names (xm: two letters or more, xl: one or more, virsh:
   none), listing the candidates when several match or the word is too short; xl counts the commands of the
   newest release first, then the retired ones.  Flags after the command jump to the option's row.
   Without a tool name, exact names and aliases of every tool are offered.  Data: ref/api/lookup.json. */
(function () {
  "use strict";

  var TOOLS = ["xm", "xl", "virsh"];
  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/lookup\.js(\?.*)?$/, "") : "/";
  var data = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = fetch(root + "ref/api/lookup.json")
        .then(function (r) { return r.json(); })
        .then(function (d) { data = d; return d; });
    }
    return loading;
  }

  function relKey(r) { return r.split(".").map(Number); }
  function cmpRel(a, b) {
    var x = relKey(a), y = relKey(b);
    return (x[0] - y[0]) || (x[1] - y[1]);
  }
  function inRange(cmd, release) {
    if (release === null) { return !cmd.last; }
    if (cmd.first && cmpRel(release, cmd.first) < 0) { return false; }
    return !(cmd.last && cmpRel(release, cmd.last) > 0);
  }
  function usable(tool, cmd, release) { return tool !== "xl" || inRange(cmd, release); }

  function prefixed(tool, word, ok) {
    var t = data.tools[tool];
    return Object.keys(t.commands).filter(function (n) { return n.indexOf(word) === 0 && ok(t.commands[n]); }).sort();
  }

  /* Index.resolve, rule for rule: {name, how} with how = name | alias | prefix | retired, or
     {how: ambiguous | short, candidates}, or {how: "none"}.  `release` limits xl to one release. */
  function resolve(tool, word, release) {
    release = release || null;
    var t = data.tools[tool];
    var min = t.prefix_min;
    var cmd = t.commands[word];
    if (cmd && usable(tool, cmd, release)) { return { name: word, how: "name" }; }
    var target = t.aliases[word];
    if (target && usable(tool, t.commands[target], release)) { return { name: target, how: "alias" }; }
    var ok = function (c) { return usable(tool, c, release); };
    if (min !== null && word.length >= min) {
      var matches = prefixed(tool, word, ok);
      if (matches.length === 1) { return { name: matches[0], how: "prefix" }; }
      if (matches.length > 1) { return { how: "ambiguous", candidates: matches }; }
    }
    if (tool === "xl" && release === null) {
      /* a command of an older xl release, by name or by a unique prefix of the retired ones */
      if (cmd) { return { name: word, how: "retired" }; }
      var old = prefixed(tool, word, function (c) { return !!c.last; });
      if (old.length === 1 && min !== null && word.length >= min) { return { name: old[0], how: "retired" }; }
    }
    if (min !== null && word.length > 0 && word.length < min) {
      return { how: "short", candidates: prefixed(tool, word, ok) };
    }
    return { how: "none" };
  }

  /* Flags after the command: `--opt=value` counts as --opt; `-lc` as -l -c when both are known (getopt). */
  function optionHits(cmd, words) {
    var hits = [];
    words.forEach(function (w) {
      if (w.charAt(0) !== "-") { return; }
      var bare = w.split("=")[0];
      var flags = [bare];
      if (!cmd.options[bare] && bare.length > 2 && bare.charAt(1) !== "-") {
        var letters = bare.slice(1).split("").map(function (c) { return "-" + c; });
        if (letters.every(function (f) { return cmd.options[f]; })) { flags = letters; }
      }
      flags.forEach(function (f) { hits.push({ flag: f, anchor: cmd.options[f] || null }); });
    });
    return hits;
  }

  /* The answer for a query: a list of {tool, name, how, href, summary, options, note} (best first). */
  function answer(query) {
    var words = query.trim().split(/\s+/).filter(Boolean);
    if (!words.length || !data) { return []; }
    var first = words[0].toLowerCase();
    if (TOOLS.indexOf(first) >= 0) {
      if (words.length === 1) {
        return [{ tool: first, name: null, href: root + "ref/" + first + "/", summary: "every " + first + " command" }];
      }
      var res = resolve(first, words[1]);
      if (res.how === "ambiguous" || res.how === "short") {
        return res.candidates.map(function (n) { return hit(first, n, "one of " + res.candidates.length + " matches", []); });
      }
      if (res.how === "none") { return []; }
      var note = res.how === "alias" ? words[1] + " is an alias" :
        res.how === "prefix" ? words[1] + " is a unique prefix" : "";
      if (res.how === "retired") {
        var old = data.tools[first].commands[res.name];
        note = (res.name !== words[1] ? words[1] + " is a prefix; " : "") + "retired: Xen " +
          (old.first || "4.1") + " to " + old.last;
      }
      var cmd = data.tools[first].commands[res.name];
      return [hit(first, res.name, note, optionHits(cmd, words.slice(2)))];
    }
    var out = [];
    TOOLS.forEach(function (tool) {
      var t = data.tools[tool];
      if (t.commands[first]) { out.push(hit(tool, first, "", [])); }
      else if (t.aliases[first]) { out.push(hit(tool, t.aliases[first], first + " is an alias", [])); }
    });
    return out;
  }

  function hit(tool, name, note, options) {
    var cmd = data.tools[tool].commands[name];
    var known = options.filter(function (o) { return o.anchor; });
    var href = root + cmd.page + (known.length ? "#" + known[0].anchor : "");
    return { tool: tool, name: name, href: href, summary: cmd.summary, note: note, options: options };
  }

  function render(box, query, hits) {
    box.setAttribute("data-query", query);
    box.innerHTML = "";
    box.hidden = hits.length === 0;
    hits.forEach(function (h, i) {
      var a = document.createElement("a");
      a.className = "xlref-lookup-hit";
      a.href = h.href;
      var title = document.createElement("strong");
      title.textContent = h.name ? h.tool + " " + h.name : h.tool + " commands";
      a.appendChild(title);
      h.options && h.options.forEach(function (o) {
        var code = document.createElement("code");
        code.textContent = o.flag;
        a.appendChild(document.createTextNode(" "));
        a.appendChild(code);
        if (!o.anchor) { a.appendChild(document.createTextNode(" (no such option)")); }
      });
      var text = document.createElement("span");
      text.className = "xlref-lookup-summary";
      text.textContent = (h.note ? " (" + h.note + ")" : "") + " " + h.summary;
      a.appendChild(text);
      if (i === 0) {
        var key = document.createElement("kbd");
        key.textContent = "Enter";
        a.appendChild(key);
      }
      box.appendChild(a);
    });
  }

  function setup() {
    var input = document.querySelector(".md-search__input");
    var output = document.querySelector(".md-search-result");
    if (!input || !output || input.dataset.xlrefLookup) { return; }
    input.dataset.xlrefLookup = "1";
    var box = document.createElement("div");
    box.className = "xlref-lookup";
    box.hidden = true;
    box.setAttribute("aria-label", "Quick lookup");
    output.insertBefore(box, output.firstChild);

    function update() {
      var query = input.value;
      load().then(function () { if (input.value === query) { render(box, query, answer(query)); } });
    }
    ["input", "keyup", "focus"].forEach(function (ev) { input.addEventListener(ev, update); });
    /* Enter goes to the lookup's answer when there is one (before Material picks its best full-text hit). */
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || box.hidden || box.getAttribute("data-query") !== input.value) { return; }
      var first = box.querySelector("a.xlref-lookup-hit");
      if (first) {
        event.preventDefault();
        event.stopImmediatePropagation();
        window.location.href = first.href;
      }
    }, true);
    if (input.value) { update(); }  /* a ?q= deep link fills the box before any key is pressed */
  }

  window.xlrefLookup = { answer: answer, resolve: resolve, load: load };
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
