"""Decide whether a rewrite changes what the script reads: the readers of a call's output (consumers.Use)
against the part-by-part comparison of the two tools' formats (data.outcompare).

Outcomes: `unused` (nothing reads the text), `same` (every part read is identical), `shown` (the text only
reaches the terminal and looks different: an unsafe fix at most), `differs` (a reader looks at a part that
differs: no fix in any mode) and `unknown` (a reader the linter cannot follow, and the formats are not
identical: no fix either).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xlref.data.outcompare import Comparison, compare
from xlref.data.outhints import where
from xlref.data.outputs import Format, printf, replacement_flags, select
from xlref.lint.consumers import Use
from xlref.lint.filters import Step
from xlref.lint.patterns import letters_in, looks_like_value, state_positions, step_regex

_VALUE_LIKE = frozenset({"name", "uuid", "mac", "path"})


@dataclass(frozen=True)
class Verdict:
    outcome: str  # unused | same | shown | differs | unknown
    reason: str = ""
    instead: str = ""

    @property
    def blocks_fix(self) -> bool:
        return self.outcome in ("differs", "unknown")


@dataclass
class _Walk:
    cmp: Comparison
    header: bool = True  # header lines are still in the stream
    projected: bool = False  # only fields already checked are left
    squeezed: bool = False
    keys_a: list[str] = field(default_factory=list)
    keys_b: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    meanings: list[str] = field(default_factory=list)
    unknown: bool = False
    trailer: bool = False  # one side ends with an extra empty line (virsh) and it is still in the stream
    final: str = ""  # where the text ends up (Use.sink)

    def __post_init__(self) -> None:
        self.trailer = bool(self.cmp.a.trailer) != bool(self.cmp.b.trailer)

    def trailer_problem(self, step: Step, what: str) -> None:
        if self.trailer:
            with_it = self.cmp.a if self.cmp.a.trailer else self.cmp.b
            self.problems.append(f"{with_it.tool} prints an empty line after its output, and `{step.text}` {what}")
            self.trailer = False


def _words_map(fmt: Format) -> list[tuple[dict[str, Any], int]]:
    """Whitespace field n (1-based) -> (column, word index inside the column)."""
    out: list[tuple[dict[str, Any], int]] = []
    for col in fmt.columns:
        out.extend((col, k) for k in range(int(col.get("words", 1))))
    return out


def _field_same(walk: _Walk, n: int) -> bool:
    fa, fb = _words_map(walk.cmp.a), _words_map(walk.cmp.b)
    if n == -1:
        return len(fa) == len(fb) and bool(fa) and walk.cmp.column(len(walk.cmp.columns)).same
    if n > len(fa) or n > len(fb):
        return False
    (ca, ka), (cb, kb) = fa[n - 1], fb[n - 1]
    return ka == kb and (ca["meaning"], ca["value"], ca.get("unit"), ca.get("letters")) == (
        cb["meaning"], cb["value"], cb.get("unit"), cb.get("letters"))


def _field_text(walk: _Walk, n: int) -> str:
    fa, fb = _words_map(walk.cmp.a), _words_map(walk.cmp.b)
    col_a = fa[n - 1][0] if 0 < n <= len(fa) else None
    col_b = fb[n - 1][0] if 0 < n <= len(fb) else None
    if col_a is not None:
        walk.meanings.append(col_a["meaning"])
    name_a = col_a["name"] if col_a else "nothing"
    name_b = col_b["name"] if col_b else "nothing"
    if name_a == name_b and col_a is not None and col_b is not None:
        return f"field {n} ({name_a}) is written differently in {walk.cmp.b.label}"
    return f"field {n} is {name_a} in {walk.cmp.a.label} but {name_b} in {walk.cmp.b.label}"


def _header_hit(fmt: Format, step: Step) -> bool:
    rx = step_regex(step)
    if rx is None:
        return False
    lines = fmt.header_lines() if fmt.record.get("layout") != "vsh-table" else [
        " ".join(c["name"] for c in fmt.columns)]
    if step.field:
        words = [ln.split() for ln in lines]
        return any(len(w) >= step.field and rx.search(w[step.field - 1]) for w in words)
    return any(rx.search(line) for line in lines)


def _state_column(walk: _Walk, step: Step) -> int | None:
    """The 1-based field of a state-letter column the pattern is about, if any."""
    if step.pattern is None or step.dynamic or state_positions(step.pattern) is None:
        return None
    for i, (col, _) in enumerate(_words_map(walk.cmp.a), 1):
        if col.get("letters") and (step.field in (0, i)):
            return i
    return None


def _letters_ok(walk: _Walk, n: int, pattern: str) -> bool:
    match = walk.cmp.column(next(i for i, c in enumerate(walk.cmp.a.columns, 1) if c.get("letters")))
    positions = state_positions(pattern) or set()
    if positions == {-1}:
        la, lb = (match.a or {}).get("letters", []), (match.b or {}).get("letters", [])
        positions = {i for ch in letters_in(pattern) for seq in (la, lb) for i, s in enumerate(seq) if ch in s}
    return match.letters_same(positions)


def _empty_line_kept(step: Step) -> bool:
    rx = step_regex(step)
    hit = rx is not None and not step.field and rx.search("") is not None
    return hit != step.negate


def _table_match(walk: _Walk, step: Step) -> None:
    cmp = walk.cmp
    walk.trailer = walk.trailer and _empty_line_kept(step)
    if walk.header:
        hit_a, hit_b = _header_hit(cmp.a, step), _header_hit(cmp.b, step)
        if hit_a != hit_b:
            walk.problems.append(f"`{step.text}` {'matches' if hit_a else 'misses'} the header of {cmp.a.label} "
                                 f"but {'matches' if hit_b else 'misses'} that of {cmp.b.label}")
        walk.header = hit_a != step.negate
    state = _state_column(walk, step)
    if state is not None and step.pattern is not None:
        if not _letters_ok(walk, state, step.pattern):
            walk.meanings.append("domain-state")
            walk.problems.append(f"`{step.text}` tests state letters that {cmp.a.label} and {cmp.b.label} "
                                 "set differently")
        return
    if step.field:
        if not _field_same(walk, step.field):
            walk.problems.append(_field_text(walk, step.field))
        return
    anchored = (step.pattern or "").lstrip("\"'").startswith("^")
    if anchored and not step.negate and _first_column_only(step) and not looks_like_value(step):
        if not _field_same(walk, 1) or not _starts_at_line_start(cmp):
            walk.problems.append(_field_text(walk, 1) if not _field_same(walk, 1)
                                 else f"`{step.text}` is anchored at the line start, where the tables differ")
        return
    if looks_like_value(step):
        if anchored:
            if not _field_same(walk, 1):
                walk.problems.append(_field_text(walk, 1))
            return
        cols_a, cols_b = _value_columns(cmp.a, step), _value_columns(cmp.b, step)
        if set(cols_a) != set(cols_b):
            walk.meanings.extend(m for m, _ in set(cols_a) ^ set(cols_b))
            only_a = ", ".join(sorted(cols_a[k] for k in set(cols_a) - set(cols_b))) or "nothing"
            only_b = ", ".join(sorted(cols_b[k] for k in set(cols_b) - set(cols_a))) or "nothing"
            walk.problems.append(f"`{step.text}` may match {only_a} in {cmp.a.label} but {only_b} in "
                                 f"{cmp.b.label}")
        return
    if not all(m.same for m in cmp.columns):
        walk.problems.append(f"`{step.text}` may match any column, and "
                             + "; ".join(cmp.column_text(m.position) for m in cmp.columns if not m.same))


def _value_columns(fmt: Format, step: Step) -> dict[tuple[str, str], str]:
    """The columns a value-like pattern (a name, a number, a word) can match: free text such as names,
    numbers when it is all digits, enumerations with a matching value, state letters."""
    rx = step_regex(step)
    digits = not step.dynamic and step.pattern is not None and step.pattern.strip("^$ ").replace(".", "").isdigit()
    out: dict[tuple[str, str], str] = {}
    for col in fmt.columns:
        values = col.get("values")
        if step.dynamic or col["value"] in _VALUE_LIKE:
            hit = col["value"] in _VALUE_LIKE  # a variable in a pattern stands for a name or similar value
        elif values is not None:
            hit = rx is not None and any(rx.search(v) for v in values)
        elif col.get("letters"):
            hit = rx is not None and any(rx.search(x) for x in ("r-----", "-b----", "--p---", "---s--", "----c-"))
        else:
            hit = digits and col["value"] in ("int", "float1")
        if hit:
            out[(col["meaning"], col["value"])] = col["name"]
    return out


def _first_column_only(step: Step) -> bool:
    """An anchored pattern that cannot reach past the first column ('^[0-9]', '^web'), unlike '^.*x'."""
    body = (step.pattern or "")[1:]
    return not any(tok in body for tok in (".*", ".+", "|", "\\s", "[[:space:]]", " ", "\\t"))


def _starts_at_line_start(cmp: Comparison) -> bool:
    """Both tables print the first column at the very start of the line (vsh tables start with a space)."""
    def starts(fmt: Format) -> bool:
        cols = fmt.columns
        return fmt.record.get("layout") == "printf" and bool(cols) and str(cols[0].get("cell", "")).startswith("%")
    return starts(cmp.a) and starts(cmp.b)


def _table_fields(walk: _Walk, step: Step) -> None:
    cmp = walk.cmp
    wanted = list(step.fields)
    if step.n:
        longest = max(len(_words_map(cmp.a)), len(_words_map(cmp.b)))
        wanted.extend(range(step.n, longest + 1))
    whitespace = step.sep is None or (step.sep == " " and walk.squeezed)
    for n in sorted(set(wanted)):
        if whitespace or (n == 1 and step.sep == " " and cmp.a.record.get("layout") == "printf"
                          and cmp.b.record.get("layout") == "printf"):
            if not _field_same(walk, n):
                walk.problems.append(_field_text(walk, n))
        elif not cmp.same_cells:
            walk.problems.append(f"`{step.text}` splits at {step.sep!r}, and "
                                 f"{cmp.a.label} and {cmp.b.label} pad their columns differently")
            break
    if walk.header and not cmp.same_header_words:
        words_a = [ln.split() for ln in cmp.a.header_lines()]
        words_b = [ln.split() for ln in cmp.b.header_lines()]
        if any(len(wa) < n or len(wb) < n or wa[n - 1] != wb[n - 1] for n in step.fields if n > 0
               for wa, wb in zip(words_a, words_b, strict=False)) or len(words_a) != len(words_b):
            walk.problems.append(f"the header lines differ in the fields `{step.text}` reads")
    walk.projected = True


def _whole(walk: _Walk, step: Step) -> None:
    cmp = walk.cmp
    if walk.projected:
        return
    if not cmp.same_cells or (walk.header and not cmp.same_header_text):
        walk.unknown = walk.unknown or (step.op == "whole" and not step.text.startswith(("grep", "sed", "awk")))
        walk.problems.append(f"`{step.text or 'the reader'}` reads whole lines, and "
                             + "; ".join(cmp.differences()))
    walk.projected = True


def _table(walk: _Walk, steps: tuple[Step, ...]) -> bool:
    cmp = walk.cmp
    for step in steps:
        op = step.op
        if op in ("skip", "head") and not walk.projected:
            if not cmp.same_header_count:
                walk.problems.append(f"`{step.text}` counts lines, and {cmp.a.label} prints {cmp.a.header_count()} "
                                     f"header line(s) where {cmp.b.label} prints {cmp.b.header_count()}")
            if op == "skip" and step.n >= cmp.a.header_count():
                walk.header = False
        elif op == "tail":
            walk.header = False
            walk.trailer_problem(step, "reads the last line(s)")
        elif op == "match" and not walk.projected:
            _table_match(walk, step)
        elif op == "fields" and not walk.projected:
            _table_fields(walk, step)
            if step.text.startswith("read"):
                walk.trailer_problem(step, "runs once more for it")
        elif op in ("count", "exists"):
            if op == "count":
                walk.trailer_problem(step, "counts it")
            if not walk.projected and walk.header and cmp.a.header_count() != cmp.b.header_count():
                walk.problems.append(f"`{step.text}` counts the header lines too, and their number differs")
            if op == "exists" and walk.header and bool(cmp.a.record.get("header_only_with_rows")) != bool(
                    cmp.b.record.get("header_only_with_rows")):
                walk.problems.append(f"{cmp.a.label} prints its header only when there are rows, "
                                     f"{cmp.b.label} always does")
            return True
        elif op == "squeeze":
            walk.squeezed = True
        elif op == "whole" or (op == "after-projection" and walk.final != "display"):
            _whole(walk, step)
    return False


def _kv_keys(fmt: Format, step: Step, keys: list[str]) -> list[str] | None:
    rx = step_regex(step)
    if rx is None:
        return None
    line = fmt.record.get("line", "%s %s\n")
    hits = [k for k in keys if rx.search(printf(line, k, "").rstrip("\n"))]
    return hits if not step.negate else [k for k in keys if k not in hits]


def _kv(walk: _Walk, steps: tuple[Step, ...]) -> bool:
    cmp = walk.cmp
    walk.keys_a = [k["key"] for k in cmp.a.keys]
    walk.keys_b = [k["key"] for k in cmp.b.keys]
    for step in steps:
        if step.op == "match" and not walk.projected:
            hit_a, hit_b = _kv_keys(cmp.a, step, walk.keys_a), _kv_keys(cmp.b, step, walk.keys_b)
            if hit_a is None or hit_b is None or (not step.negate and not hit_a):
                if not cmp.same_keys:
                    walk.problems.append(f"`{step.text}` looks at values, and " + "; ".join(cmp.differences()))
                continue
            walk.meanings.extend(k["meaning"] for k in cmp.a.keys if k["key"] in hit_a)
            if hit_a != hit_b:
                walk.problems.append(f"`{step.text}` matches {', '.join(hit_a) or 'nothing'} in {cmp.a.label} "
                                     f"but {', '.join(hit_b) or 'nothing'} in {cmp.b.label}")
            elif not all(cmp.keys[k].same for k in hit_a):
                walk.problems.append(f"{', '.join(k for k in hit_a if not cmp.keys[k].same)} "
                                     f"is written differently in {cmp.b.label}")
            walk.keys_a, walk.keys_b = hit_a, hit_b
        elif step.op in ("count", "exists"):
            return True
        elif step.op in ("fields", "whole", "skip", "head", "tail", "after-projection") and not walk.projected:
            if walk.keys_a != walk.keys_b or not all(cmp.keys[k].same for k in walk.keys_a if k in cmp.keys):
                walk.meanings.extend(k["meaning"] for k in cmp.a.keys if k["key"] in walk.keys_a)
                walk.problems.append(f"`{step.text}` reads lines whose keys differ: " + "; ".join(cmp.differences()))
            walk.projected = step.op == "fields"
    return False


def _as_text(fmt: Format, key: dict[str, Any]) -> str:
    """How a key shows up in a document, for matching a grep pattern against it."""
    name = str(key["key"])
    if fmt.kind == "sxp":
        return f"({name} "
    if fmt.kind == "json":
        return f'"{name.rsplit(".", 1)[-1].rstrip("[]")}": '
    return name


def _errors(walk: _Walk, steps: tuple[Step, ...]) -> None:
    """stderr is read too (2>&1, |&): a pattern that finds one tool's error message and not the other's."""
    for step in steps:
        rx = step_regex(step) if step.op == "match" else None
        if rx is None:
            continue
        hits_a = [e["text"] for e in walk.cmp.a.errors() if rx.search(e["text"])]
        hits_b = [e["text"] for e in walk.cmp.b.errors() if rx.search(e["text"])]
        if bool(hits_a) != bool(hits_b):
            shown = (hits_a or hits_b)[0].strip()
            walk.problems.append(f"`{step.text}` finds the error message {shown!r} of "
                                 f"{walk.cmp.a.label if hits_a else walk.cmp.b.label} only")


def _same_hits(cmp: Comparison, steps: tuple[Step, ...]) -> bool:
    """`xm list -l D | grep -q domid` and the JSON of `xl list -l D`: a test for a member both documents
    have (the same meaning, the pattern matching its name in each syntax) gives the same answer."""
    if len(steps) != 2 or steps[0].op != "match" or steps[1].op != "exists" or steps[0].negate:
        return False
    if cmp.a.kind not in ("sxp", "json") or cmp.b.kind not in ("sxp", "json"):
        return False
    rx = step_regex(steps[0])
    if rx is None:
        return False
    hits_a = {k["meaning"] for k in cmp.a.keys if rx.search(_as_text(cmp.a, k))}
    hits_b = {k["meaning"] for k in cmp.b.keys if rx.search(_as_text(cmp.b, k))}
    return bool(hits_a) and hits_a == hits_b


class Judge:
    """Per linter run: the formats of the two tools, cached, and the verdict for a call's readers."""

    def __init__(self, outputs: Mapping[str, Any] | None, target: str, release: str | None) -> None:
        self.outputs = outputs
        self.target = target
        self.release = release
        self._cache: dict[tuple[object, ...], Comparison | None] = {}

    def comparison(self, xm_command: str, xm_flags: tuple[str, ...], command: str,
                   flags: tuple[str, ...]) -> Comparison | None:
        key = (xm_command, xm_flags, command, flags)
        if key not in self._cache:
            a = select(self.outputs, "xm", xm_command, xm_flags)
            b = select(self.outputs, self.target, command, flags, self.release)
            self._cache[key] = compare(a, b) if a is not None and b is not None else None
        return self._cache[key]

    def verdict(self, use: Use, cmp: Comparison) -> Verdict:
        if not cmp.a.readable:
            return Verdict("unused")
        if not use.steps:
            return self._bare(use, cmp)
        steps = use.steps
        if use.status and use.sink in ("display", "discarded") and steps[-1].op == "match":
            # `if xm ... | grep X`: the condition is grep's status, the matched lines only reach the terminal
            verdict = self.verdict(Use("discarded", (*steps, Step("exists", text=steps[-1].text)), use.stderr,
                                       use.status, use.text), cmp)
            if verdict.outcome != "same" or use.sink == "discarded" or cmp.identical:
                return verdict
            return Verdict("shown", "the condition works the same, but the lines it prints look different: "
                           + "; ".join(cmp.differences()))
        walk = _Walk(cmp, final=use.sink)
        done = self._walk(walk, steps)
        if use.stderr:
            _errors(walk, steps)
        if not done and use.sink in ("captured", "file", "function", "unknown") and not walk.projected:
            _whole(walk, Step("whole", text=use.sink))
            walk.unknown = True
        if not walk.problems and not done and use.sink == "display" and not walk.projected and not (
                cmp.same_cells and (not walk.header or cmp.same_header_text)) and cmp.a.kind == "table":
            return Verdict("shown", "the lines printed to the terminal look different: " + "; ".join(cmp.differences()))
        if not walk.problems:
            return Verdict("same")
        reason = "; ".join(dict.fromkeys(walk.problems))
        return Verdict("unknown" if walk.unknown else "differs", reason, self._instead(walk, cmp))

    def _walk(self, walk: _Walk, steps: tuple[Step, ...]) -> bool:
        cmp = walk.cmp
        if not cmp.same_kind or cmp.a.kind not in ("table", "key_value", "value", "lines"):
            if cmp.identical or _same_hits(cmp, steps):
                return True
            for s in steps:
                rx = step_regex(s) if s.op == "match" else None
                walk.meanings.extend(k["meaning"] for k in cmp.a.keys
                                     if rx is not None and rx.search(_as_text(cmp.a, k)))
            kind_a, kind_b = cmp.a.kind.replace("_", "/"), cmp.b.kind.replace("_", "/")
            walk.problems.append(f"`{steps[0].text}` reads the {kind_a} output of {cmp.a.label}, "
                                 f"but {cmp.b.label} prints {kind_b}" if not cmp.same_kind
                                 else f"`{steps[0].text}` reads text that differs: " + "; ".join(cmp.differences()))
            return True
        if cmp.a.kind == "table":
            return _table(walk, steps)
        if cmp.a.kind == "key_value":
            return _kv(walk, steps)
        if not cmp.same_values:
            spec = cmp.a.record.get("value") or {}
            walk.meanings.append(str(spec.get("meaning", "")))
            walk.problems.append(f"{cmp.a.label} and {cmp.b.label} write the value differently")
        return True

    def _bare(self, use: Use, cmp: Comparison) -> Verdict:
        if use.sink in ("discarded", "status"):
            return Verdict("unused")
        if cmp.identical:
            return Verdict("same")
        diff = "; ".join(cmp.differences())
        if use.sink == "display":
            return Verdict("shown", f"the text printed to the terminal changes: {diff}")
        if use.sink == "exists":
            walk = _Walk(cmp)
            self._walk(walk, (Step("exists", text="a non-empty test"),))
            if not walk.problems:
                return Verdict("same")
            return Verdict("differs", "; ".join(walk.problems))
        spec = cmp.a.record.get("value") or {}
        meanings = [str(spec["meaning"])] if spec else [c["meaning"] for c in cmp.a.columns[:1]]
        walk = _Walk(cmp, meanings=meanings)
        return Verdict("unknown", f"the output goes to {_SINKS.get(use.sink, use.sink)}, which the linter cannot "
                                  f"follow, and {diff}", self._instead(walk, cmp))

    def _instead(self, walk: _Walk, cmp: Comparison) -> str:
        for meaning in dict.fromkeys(walk.meanings):
            hint = where(self.outputs, self.target, meaning, self.release, prefer=cmp.b.command)
            if hint:
                return hint
        return f"the output of `{cmp.b.tool} {cmp.b.command}` (check its layout first)"


_SINKS = {"captured": "a variable or word list ($(...))", "file": "a file", "function": "the caller of a function",
          "unknown": "a process substitution"}


def assess(judge: Judge, record: Mapping[str, Any], flags: list[str], use: Use | None) -> Verdict | None:
    """The verdict for one xm call (its dataset record and the flags it uses), or None when the dataset
    has no output record for one side (the command's behaviour changes decide then)."""
    if use is None or judge.outputs is None:
        return None
    repl = (record.get("replacements") or {}).get(judge.target) or {}
    if not repl.get("command"):
        return None
    cmp = judge.comparison(str(record["name"]), tuple(sorted(flags)), str(repl["command"]),
                           tuple(replacement_flags(dict(record), judge.target, flags)))
    return None if cmp is None else judge.verdict(use, cmp)


def message(name: str, target: str, verdict: Verdict, use: Use) -> str:
    """The XL301 text: what the script reads, what breaks, what to write instead."""
    reads = f" (read by `{use.text}`)" if use.text else ""
    if verdict.outcome == "shown":
        return f"xm {name} → {target}: {verdict.reason}"
    instead = f"; instead read {verdict.instead}" if verdict.instead else ""
    return f"xm {name} → {target}: the script reads its output{reads} and {verdict.reason}{instead}"
