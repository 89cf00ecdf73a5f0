/* xlref quick lookup: answers "TOOL COMMAND [-FLAGS]" in the search box before the full-text results.

   The query is resolved exactly as `xlref lookup` resolves it (xlref.data.index.Index.resolve): an exact name,
   then an alias, then a unique prefix of the canonical names (xm: two letters or more, xl: one or more, virsh:
   none), listing the candidates when several match or the word is too short; xl counts the commands of the
   newest release first, then the retired ones.  Flags after the command jump to the option's row.
   Without a tool name, the pages `xlref search` ranks first (see ranked() below).  Data: ref/api/lookup.json. */
(function () {
  "use strict";

  var TOOLS = ["xm", "xl", "virsh"];
  var MAX_HITS = 8;
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
    if (TOOLS.indexOf(first) >= 0 && !namesToolTopic(words)) {
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
    return ranked(words.map(function (w) { return w.toLowerCase(); }));
  }

  /* Without a tool name: `xlref search`'s ranking (xlref.lookup.search) for what a page can answer.  Best first:
     a name, alias, config key, piece of xend or topic id equal to the query; commands whose name holds every
     query word (stemmed: "ballooning" is the alias balloon); then the topics whose words the query holds (the
     dataset's synonyms: "pin cpu", "dom0 memory", "pygrub"), with their commands first when an xm command leads
     the topic.  Ties go xm, xl, virsh, config keys, xend, topics; current before retired; by name. */
  var EXACT = 10000, ALL_NAME_WORDS = 5000, TOPIC = 4500, PREFIX = 3000, SOME_NAME_WORDS = 2000;
  var KINDS = ["xm", "xl", "virsh", "xm.cfg", "xl.cfg", "xend", "topic"];
  var SUFFIXES = ["ation", "ion", "ing", "ed", "es", "e", "s"];

  function stem(word) {
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (word.slice(-s.length) === s && word.length - s.length >= 3) {
        return word.slice(0, -s.length) + (s === "ation" ? "at" : "");
      }
    }
    return word;
  }

  function inSummary(summary, terms) {
    var text = summary.toLowerCase();
    var have = (text.match(/[a-z0-9][a-z0-9_.+\/-]*[a-z0-9]|[a-z0-9]/g) || []).map(stem);
    return terms.every(function (t) { return have.indexOf(stem(t)) >= 0 || text.indexOf(t) >= 0; });
  }

  function ranked(terms) {
    var whole = terms.join(" "), joined = terms.join("-");
    var stems = terms.map(stem);
    var distinct = stems.filter(function (s, i) { return stems.indexOf(s) === i; });
    var best = {};
    function offer(h, score, kind, retired, name) {
      var old = best[h.href];
      if (score && (!old || score > old.score)) {
        best[h.href] = { h: h, score: score, kind: kind, retired: retired, name: name };
      }
    }
    /* xlref.lookup.search._name_score: the name (or another spelling) itself; every query word a word of the
       name; some of them, the summary holding the rest ("save to file": xm save); the query starts a name. */
    function nameScore(spellings, summary) {
      var score = 0;
      spellings.forEach(function (sp, rank) {
        sp = sp.toLowerCase();
        if (sp === whole || sp === joined) { score = Math.max(score, EXACT - Math.min(rank, 1)); return; }
        var words = sp.split(/[-_./]+/).filter(Boolean).map(stem);
        var inName = distinct.filter(function (st) { return words.indexOf(st) >= 0; });
        if (!inName.length) { return; }
        var coverage = inName.length / words.length;
        if (stems.every(function (st) { return words.indexOf(st) >= 0; })) {
          score = Math.max(score, ALL_NAME_WORDS + Math.floor(coverage * 1000));
        } else if (inSummary(summary, terms.filter(function (w, i) { return words.indexOf(stems[i]) < 0; }))) {
          score = Math.max(score, SOME_NAME_WORDS + Math.floor(coverage * 500));
        }
      });
      if (score < PREFIX && spellings.some(function (sp) { return sp.toLowerCase().indexOf(joined) === 0; })) {
        score = PREFIX;
      }
      return score;
    }
    TOOLS.forEach(function (tool, kind) {
      var t = data.tools[tool];
      Object.keys(t.commands).forEach(function (name) {
        var cmd = t.commands[name];
        var spellings = [name].concat(cmd.aliases || [], cmd.former || []);
        var alias = spellings.indexOf(whole) > 0 || spellings.indexOf(joined) > 0;
        offer(hit(tool, name, alias ? whole + " is another name" : "", []), nameScore(spellings, cmd.summary),
              kind, !!cmd.last, name);
      });
    });
    Object.keys(data.keys).forEach(function (name) {
      data.keys[name].forEach(function (k) {
        offer(pageHit(k, ""), nameScore([name], k.summary), KINDS.indexOf(k.kind), false, name);
      });
    });
    var padded = " " + whole + " ";
    data.topics.forEach(function (topic) {
      var own = pageHit(topic.hit, "topic");
      var kind = KINDS.indexOf("topic");
      offer(own, nameScore([topic.id], topic.hit.summary + " " + topic.title), kind, false, topic.id);
      if (!topic.words.some(function (w) { return padded.indexOf(" " + w + " ") >= 0; })) { return; }
      offer(own, topic.led_by_xm ? TOPIC - 100 : TOPIC + 1, kind, false, topic.id);
      topic.commands.forEach(function (ref, i) {
        var cmd = data.tools[ref[0]].commands[ref[1]];
        offer(hit(ref[0], ref[1], "", []), TOPIC - i, KINDS.indexOf(ref[0]), !!cmd.last, ref[1]);
      });
      /* the topic's config keys and parts of xend, after everything xlref search ranks (it finds them by text) */
      topic.more.forEach(function (k, i) {
        offer(pageHit(k, ""), TOPIC - 200 - i, KINDS.indexOf(k.kind), false, k.title);
      });
    });
    return Object.keys(best).map(function (href) { return best[href]; }).sort(function (a, b) {
      return (b.score - a.score) || (a.kind - b.kind) || (a.retired - b.retired) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    }).slice(0, MAX_HITS).map(function (x) { return x.h; });
  }

  /* "xm vs xl", "xm config to libvirt": a topic's words that start with a tool name are not `TOOL COMMAND`. */
  function namesToolTopic(words) {
    var lower = words.map(function (w) { return w.toLowerCase(); });
    var padded = " " + lower.join(" ") + " ";
    return data.topics.some(function (topic) {
      return topic.words.some(function (w) { return w.indexOf(lower[0] + " ") === 0 && padded.indexOf(" " + w + " ") >= 0; });
    });
  }

  function pageHit(h, note) {
    return { title: h.title, href: root + h.page, summary: h.summary, note: note, options: [] };
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
      title.textContent = h.title || (h.name ? h.tool + " " + h.name : h.tool + " commands");
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
  window.xlrefOnPage(setup);
})();
