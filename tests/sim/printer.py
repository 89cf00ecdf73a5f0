"""Everything a fake tool prints goes through here, and comes from the dataset's `outputs` records.

The fakes describe what to print by meaning (`domain-name`, `memory-current`, ...), the words the output
records use; the record of the command (chosen by its flags and the xl release) decides which columns or keys
appear, in which order and layout.  When the data lacks something the simulator needs (an error a command
can raise, a message) the printer falls back to the text the tool's source prints and writes the gap to the
file named by XLREF_SIM_GAPS, so a test can list what the dataset should add.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from xlref.data import outputs
from xlref.data.outputs import Format


class Printer:
    def __init__(self, tool: str, release: str | None, data: Mapping[str, Any] | None, quiet: bool = False) -> None:
        self.tool, self.release, self.data, self.quiet = tool, release, data, quiet
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self.gaps: list[str] = []

    # -- plumbing --------------------------------------------------------------------------------------------
    def out(self, text: str) -> None:
        self.stdout.append(text)

    def err(self, text: str) -> None:
        self.stderr.append(text)

    def gap(self, what: str) -> None:
        self.gaps.append(f"{self.tool}: {what}")

    def fmt(self, command: str, flags: Iterable[str] = ()) -> Format | None:
        found = outputs.select(self.data, self.tool, command, list(flags), self.release)
        if found is None:
            self.gap(f"no output record for {command}")
        return found

    def flush(self, gaps_path: str | None) -> None:
        sys.stdout.write("".join(self.stdout))
        sys.stderr.write("".join(self.stderr))
        if gaps_path and self.gaps:
            with open(gaps_path, "a", encoding="utf-8") as fh:
                for g in self.gaps:
                    fh.write(json.dumps(g) + "\n")

    # -- structured output -----------------------------------------------------------------------------------
    def table(self, command: str, flags: Iterable[str], rows: Sequence[Mapping[str, Any]],
              header: bool = True) -> None:
        fmt = self.fmt(command, flags)
        if fmt is None:
            return
        if fmt.kind != "table":
            self.gap(f"{command} {' '.join(flags)}: expected a table, the data says {fmt.kind}")
            return
        if fmt.record.get("header_only_with_rows") and not rows:
            header = False
        named = [{c["name"]: row.get(c["meaning"], "") for c in fmt.columns} for row in rows]
        self.out(outputs.render(fmt, named, header=header))

    def key_values(self, command: str, flags: Iterable[str], values: Mapping[str, Any]) -> None:
        fmt = self.fmt(command, flags)
        if fmt is None:
            return
        by_key = {k["key"]: values[k["meaning"]] for k in fmt.keys if k["meaning"] in values}
        self.out(outputs.render(fmt, values=by_key))

    def values(self, command: str, flags: Iterable[str], items: Sequence[Any]) -> None:
        """`value` and `lines` records: one line per item (a tuple when the format has several conversions)."""
        fmt = self.fmt(command, flags)
        if fmt is None:
            return
        if fmt.kind not in ("value", "lines"):
            self.gap(f"{command} {' '.join(flags)}: expected a value, the data says {fmt.kind}")
            return
        self.out(outputs.render(fmt, values={"value": list(items)}))

    def text(self, text: str) -> None:
        """`text` records (dmesg, log): raw text the record describes but does not lay out."""
        self.out(text)

    def message(self, command: str, flags: Iterable[str], starts: str, *args: Any) -> bool:
        """Print the command's message whose text starts with `starts` (when it exists at this release and
        with these flags); False when the data has none."""
        fmt = self.fmt(command, flags)
        if fmt is None:
            return False
        for msg in fmt.messages:
            if not msg["text"].lstrip("\n").startswith(starts):
                continue
            if msg.get("quiet") and self.quiet:
                return True
            text = outputs.printf(msg["text"], *args)
            (self.err if msg.get("stream") == "stderr" else self.out)(text)
            return True
        return False

    # -- failures --------------------------------------------------------------------------------------------
    def error(self, command: str, err_id: str, *args: Any, fallback: tuple[str, str, int] | None = None) -> int:
        """Print failure `err_id` of `command` as the data words it; return its exit status."""
        fmt = outputs.select(self.data, self.tool, command, [], self.release)
        rec: dict[str, Any] | None = None
        if fmt is not None:
            rec = next((e for e in fmt.errors() if e["id"] == err_id), None)
            if rec is None:
                tool_level = fmt.errors_by_id.get(err_id)
                if tool_level is not None:
                    rec = dict(tool_level)
                    self.gap(f"{command}: the record does not list error {err_id}")
        if rec is None:
            self.gap(f"{command}: no error {err_id} in the data")
            if fallback is None:
                raise KeyError(f"{self.tool} {command}: error {err_id}")
            stream, text, code = fallback
            rec = {"stream": stream, "text": text, "exit": code}
        text = outputs.printf(rec["text"], *args) if args or "%" in rec["text"] else rec["text"]
        (self.err if rec["stream"] == "stderr" else self.out)(text)
        return int(rec["exit"])
