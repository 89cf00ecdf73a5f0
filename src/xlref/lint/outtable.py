"""What a reader of a table or a key/value listing looks at, step by step, and which of those parts differ
between the two formats (outuse.Judge turns the problems found into a verdict)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xlref.data.outcompare import Comparison
from xlref.data.outputs import Format, printf
from xlref.lint.filters import Step
from xlref.lint.patterns import letters_in, looks_like_value, state_positions, step_regex

_VALUE_LIKE = frozenset({"name", "uuid", "mac", "path"})


@dataclass
class Walk:
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


def _field_same(walk: Walk, n: int) -> bool:
    fa, fb = _words_map(walk.cmp.a), _words_map(walk.cmp.b)
    if n == -1:
        return len(fa) == len(fb) and bool(fa) and walk.cmp.column(len(walk.cmp.columns)).same
    if n > len(fa) or n > len(fb):
        return False
    (ca, ka), (cb, kb) = fa[n - 1], fb[n - 1]
    return ka == kb and (ca["meaning"], ca["value"], ca.get("unit"), ca.get("letters")) == (
        cb["meaning"], cb["value"], cb.get("unit"), cb.get("letters"))


def _field_text(walk: Walk, n: int) -> str:
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


def _state_column(walk: Walk, step: Step) -> int | None:
    """The 1-based field of a state-letter column the pattern is about, if any."""
    if step.pattern is None or step.dynamic or state_positions(step.pattern) is None:
        return None
    for i, (col, _) in enumerate(_words_map(walk.cmp.a), 1):
        if col.get("letters") and (step.field in (0, i)):
            return i
    return None


def _letters_ok(walk: Walk, n: int, pattern: str) -> bool:
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


def _table_match(walk: Walk, step: Step) -> None:
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


def _table_fields(walk: Walk, step: Step) -> None:
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


def read_whole(walk: Walk, step: Step) -> None:
    cmp = walk.cmp
    if walk.projected:
        return
    if not cmp.same_cells or (walk.header and not cmp.same_header_text):
        walk.unknown = walk.unknown or (step.op == "whole" and not step.text.startswith(("grep", "sed", "awk")))
        walk.problems.append(f"`{step.text or 'the reader'}` reads whole lines, and "
                             + "; ".join(cmp.differences()))
    walk.projected = True


def walk_table(walk: Walk, steps: tuple[Step, ...]) -> bool:
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
            read_whole(walk, step)
    return False


def _kv_keys(fmt: Format, step: Step, keys: list[str]) -> list[str] | None:
    rx = step_regex(step)
    if rx is None:
        return None
    line = fmt.record.get("line", "%s %s\n")
    hits = [k for k in keys if rx.search(printf(line, k, "").rstrip("\n"))]
    return hits if not step.negate else [k for k in keys if k not in hits]


def walk_keys(walk: Walk, steps: tuple[Step, ...]) -> bool:
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
        elif step.op == "count":  # one line per key: the count is the same when the number of keys is
            if len(walk.keys_a) != len(walk.keys_b):
                walk.problems.append(f"`{step.text}` counts {len(walk.keys_a)} lines of {cmp.a.label} but "
                                     f"{len(walk.keys_b)} of {cmp.b.label}")
            return True
        elif step.op == "exists":
            return True
        elif step.op in ("fields", "whole", "skip", "head", "tail", "after-projection") and not walk.projected:
            if walk.keys_a != walk.keys_b or not all(cmp.keys[k].same for k in walk.keys_a if k in cmp.keys):
                walk.meanings.extend(k["meaning"] for k in cmp.a.keys if k["key"] in walk.keys_a)
                walk.problems.append(f"`{step.text}` reads lines whose keys differ: " + "; ".join(cmp.differences()))
            walk.projected = step.op == "fields"
    return False
