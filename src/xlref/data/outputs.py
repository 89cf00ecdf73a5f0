"""What a command prints: pick the output format record of `TOOL CMD [flags]` at a release, and render it.

The dataset's `outputs` section (schema: outputs.schema.json) holds one record per tool, command and variant.
A variant other than `default` names the flags that select it; variants are tried in the order they are
listed and the first whose flags were given wins.  xl records (and their columns and keys) may carry a
release range; xm (4.4) and virsh (11.3) have a single release.

`Format` is one record resolved for a release and a set of flags: the columns and keys that are printed
then, the header text and the failures with their texts.  `render` prints it from values, exactly as the
tool's printf or table code does, so a simulator and the tests can produce real output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xlref.data.releases import in_range

Record = dict[str, Any]

#: kinds whose output carries nothing a script can usefully read
SILENT_KINDS = frozenset({"none", "interactive"})
#: C length modifiers that Python's % operator does not know
_CONVERSION = re.compile(r"%[-+ 0#]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcs]")
_LENGTH = re.compile(r"%([-+ 0#]*\d*(?:\.\d+)?)(?:hh|h|ll|l|z|j|t|L)([diouxXeEfgGcs])")


def _expand(flags: Iterable[str]) -> set[str]:
    """`-lv` is getopt's spelling of `-l -v`; `--opt=value` is `--opt`."""
    out: set[str] = set()
    for flag in flags:
        bare = flag.split("=", 1)[0]
        out.add(bare)
        if not bare.startswith("--") and len(bare) > 2 and bare.startswith("-"):
            out.update(f"-{c}" for c in bare[1:])
    return out


def _present(item: Mapping[str, Any], flags: set[str], release: str | None) -> bool:
    opts = item.get("options")
    if opts and not flags.intersection(opts):
        return False
    return in_range(item.get("first_release"), item.get("last_release"), release)


@dataclass
class Format:
    """One format record as printed by a call with `flags` at `release` (None: the newest)."""

    record: Record
    flags: frozenset[str] = frozenset()
    release: str | None = None
    errors_by_id: dict[str, Record] = field(default_factory=dict)
    trailer: str = ""  # what the tool prints after every command (virsh: an empty line unless -q)
    quiet: bool = False  # the tool's quiet option was given: messages marked quiet are not printed

    @property
    def tool(self) -> str:
        return str(self.record["tool"])

    @property
    def command(self) -> str:
        return str(self.record["command"])

    @property
    def variant(self) -> str:
        return str(self.record["variant"])

    @property
    def kind(self) -> str:
        return str(self.record["kind"])

    @property
    def label(self) -> str:
        variant = "" if self.variant == "default" else f" ({self.variant})"
        at = f" in Xen {self.release}" if self.release and self.tool == "xl" else ""
        return f"{self.tool} {self.command}{variant}{at}"

    @property
    def readable(self) -> bool:
        return self.kind not in SILENT_KINDS

    @property
    def columns(self) -> list[Record]:
        return [c for c in self.record.get("columns", []) if _present(c, set(self.flags), self.release)]

    @property
    def keys(self) -> list[Record]:
        return [k for k in self.record.get("keys", []) if _present(k, set(self.flags), self.release)]

    @property
    def messages(self) -> list[Record]:
        return [m for m in self.record.get("messages", []) if _present(m, set(self.flags), self.release)
                and not (self.quiet and m.get("quiet"))]

    def header_lines(self) -> list[str]:
        """The header as printed (printf tables); vsh tables have data-dependent widths: see render."""
        if self.kind != "table":
            return []
        if self.record.get("header") is not None:
            return list(self.record["header"])
        if self.record.get("layout") == "printf":
            return ["".join(c.get("head", "") for c in self.columns)]
        return [" ".join(c["name"] for c in self.columns)]

    def header_count(self) -> int:
        """How many lines precede the data rows."""
        if self.kind != "table":
            return 0
        if self.record.get("layout") == "vsh-table":
            return 2  # titles, then a dashed rule
        # a stdout line printed before the table (xl sched-credit's 'Cpupool NAME: tslice=...') precedes the rows too
        before = [m for m in self.messages if m.get("stream", "stdout") == "stdout"
                  and str(m.get("when", "")).startswith("before")]
        return len(before) + len(self.header_lines())

    def errors(self) -> list[Record]:
        """The failures of this call, each with stream, text and exit status resolved."""
        out = []
        for use in self.record.get("errors", []):
            if not _present(use, set(), self.release) and self.release is not None:
                continue
            base = dict(self.errors_by_id.get(use["id"], {}))
            base.update({k: v for k, v in use.items() if k not in ("first_release", "last_release")})
            if "text" in base:
                out.append(base)
        return out

    def key(self, label: str) -> Record | None:
        for k in self.keys:
            if k["key"] == label:
                return k
        return None


# -- selection ---------------------------------------------------------------------------------------------
def records(outputs: Mapping[str, Any] | None, tool: str, command: str) -> list[Record]:
    if not outputs:
        return []
    return [r for r in outputs.get("formats", []) if r["tool"] == tool and r["command"] == command]


def _error_index(outputs: Mapping[str, Any], tool: str, release: str | None) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for err in outputs.get("errors", []):
        if err["tool"] != tool:
            continue
        if tool == "xl" and not _present(err, set(), release):
            continue
        found.setdefault(err["id"], err)
    return found


def select(outputs: Mapping[str, Any] | None, tool: str, command: str, flags: Iterable[str] = (),
           release: str | None = None) -> Format | None:
    """The format `tool command flags...` prints at `release` (xl only; None: the newest), or None."""
    given = _expand(flags)
    rel = release if tool == "xl" else None
    candidates = [r for r in records(outputs, tool, command)
                  if tool != "xl" or _present({k: r.get(k) for k in ("first_release", "last_release")}, set(), rel)]
    chosen = next((r for r in candidates if r["variant"] != "default" and given.intersection(r.get("options", []))),
                  None)
    if chosen is None:
        chosen = next((r for r in candidates if r["variant"] == "default"), None)
    if chosen is None or outputs is None:
        return None
    traits: Mapping[str, Any] = next((t for t in outputs.get("tools", []) if t["tool"] == tool), {})
    quiet = bool(given.intersection(traits.get("quiet_options", [])))
    trailer = "" if quiet else str(traits.get("trailer", ""))
    return Format(chosen, frozenset(given), rel, _error_index(outputs, tool, rel), trailer, quiet)


def replacement_flags(cmd: Record, target: str, flags: Iterable[str]) -> list[str]:
    """The flags the rewrite of `cmd` (an xm record) passes to `target` for these xm flags: the literal
    flags of the replacement's argument layout, kept options, renamed options."""
    given = _expand(flags)
    out: list[str] = []
    repl = cmd.get("replacements", {}).get(target) or {}
    for item in repl.get("args") or []:
        if "literal" in item and str(item["literal"]).startswith("-"):
            out.append(str(item["literal"]))
    for opt in cmd.get("options", []):
        if not given.intersection(opt["flags"]):
            continue
        orep = (opt.get("replacements") or {}).get(target) or {"action": "keep"}
        if orep["action"] == "keep":
            out.extend(f for f in opt["flags"] if f in given)
        elif orep["action"] == "rename":
            out.extend(orep["flags"])
    return out


# -- rendering ---------------------------------------------------------------------------------------------
def printf(fmt: str, *values: Any) -> str:
    """C printf for the conversions the tools use (length modifiers dropped, %u as %d); a tuple value
    fills a piece with several conversions (`%-5d/%-5d`)."""
    flat: list[Any] = []
    for v in values:
        flat.extend(v if isinstance(v, tuple) else (v,))
    return _LENGTH.sub(r"%\1\2", fmt).replace("%u", "%d") % tuple(flat) if flat else fmt.replace("%%", "%")


def conversions(piece: str) -> int:
    """How many values a printf piece takes (`%04x:%02x:%02x.%x` takes four)."""
    return len(_CONVERSION.findall(piece))


def _cell(piece: str, value: Any) -> str:
    """One printf piece of a row; a piece without conversions ('       y') is printed as it is."""
    return printf(piece, *_args(value)) if _CONVERSION.search(piece) else printf(piece)


def _vsh_table(names: Sequence[str], rows: Sequence[Sequence[str]], header: bool = True) -> str:
    """virsh's vshTablePrint: cells start with a space and are padded to the column width plus two;
    the rule under the titles is one dash per column width plus three."""
    table = [list(names), *[list(r) for r in rows]] if header else [list(r) for r in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(names))]
    lines = []
    for k, row in enumerate(table):
        parts = []
        for i, cell in enumerate(row):
            pad = widths[i] - len(cell) + 2 if i < len(row) - 1 else 0
            parts.append(" " + cell + " " * pad)
        lines.append("".join(parts))
        if header and k == 0:
            lines.append("-" * sum(w + 3 for w in widths))
    return "".join(line + "\n" for line in lines)


def _args(value: Any) -> tuple[Any, ...]:
    """A cell or value with several conversions (`%-5d/%-5d`, `%d.%03d`) is given as a tuple."""
    return value if isinstance(value, tuple) else (value,)


def render(fmt: Format, rows: Sequence[Mapping[str, Any]] = (), values: Mapping[str, Any] | None = None,
           header: bool = True) -> str:
    """The text `fmt` prints.  Tables take one mapping per row (column name -> value); key_value takes
    `values` (key label -> value); value and lines take `values["value"]` (a list for lines)."""
    kind = fmt.kind
    if kind == "table":
        cols = fmt.columns
        if fmt.record.get("layout") == "vsh-table":
            return _vsh_table([c["name"] for c in cols], [[str(r.get(c["name"], "")) for c in cols] for r in rows],
                              header)
        out = "".join(line + "\n" for line in fmt.header_lines()) if header else ""
        for row in rows:
            out += "".join(_cell(c.get("cell", " %s"), row.get(c["name"], "")) for c in cols) + "\n"
        return out
    if kind == "key_value":
        vals = values or {}
        out = ""
        for k in fmt.keys:
            if k["key"] not in vals:
                continue
            shown = printf(k["format"], *_args(vals[k["key"]])) if "format" in k else str(vals[k["key"]])
            out += printf(fmt.record["line"], k["key"], shown)
        return out
    if kind in ("value", "lines"):
        spec = fmt.record["value"]
        got = (values or {}).get("value", [])
        items = got if isinstance(got, list) else [got]
        return "".join(printf(spec["format"], *_args(v)) for v in items)
    return ""
