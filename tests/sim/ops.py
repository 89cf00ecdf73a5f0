"""The operation log: one JSON line per thing a fake tool (or a stubbed system command) was asked to do.

Operations are normalised so that the same request made through xm, xl or virsh gives the same record:
`{"op": "shutdown", "dom": "web1", "wait": "destroyed"}` whether it came from `xm shutdown -w web1` or
`xl shutdown -w -w web1`.  `kind` is `action` (changes the host: compared strictly), `query` (reads it) or
`external` (a stubbed system command such as lvcreate or logger, with its arguments).  After the records of one
program run comes a `call` record with that run's exit status and stdout, so two runs can be lined up call by
call (compare.py) to find which call first behaved differently.
"""

from __future__ import annotations

import json
import os
from typing import Any

ACTION, QUERY, EXTERNAL, CALL = "action", "query", "external", "call"


class Recorder:
    def __init__(self, path: str | None, host: str, tool: str) -> None:
        self.path, self.host, self.tool = path, host, tool
        self.records: list[dict[str, Any]] = []

    def add(self, kind: str, op: str, dom: str | None = None, ok: bool = True, **fields: Any) -> dict[str, Any]:
        rec: dict[str, Any] = {"kind": kind, "op": op, "host": self.host, "tool": self.tool}
        if dom is not None:
            rec["dom"] = dom
        rec.update({k: v for k, v in fields.items() if v is not None})
        rec["ok"] = ok
        self.records.append(rec)
        return rec

    def action(self, op: str, dom: str | None = None, **fields: Any) -> dict[str, Any]:
        return self.add(ACTION, op, dom, **fields)

    def query(self, op: str, dom: str | None = None, **fields: Any) -> dict[str, Any]:
        return self.add(QUERY, op, dom, **fields)

    def call(self, status: int, stdout: str, argv: list[str]) -> None:
        self.add(CALL, self.tool, status=status, stdout=stdout[:4000], argv=argv)

    def fail_last(self) -> None:
        if self.records:
            self.records[-1]["ok"] = False

    def flush(self) -> None:
        if not self.path or not self.records:
            return
        with open(self.path, "a", encoding="utf-8") as fh:
            for rec in self.records:
                fh.write(json.dumps(rec, sort_keys=True) + "\n")
        self.records.clear()


#: a stub (a shell script, no Python start) appends "X" NAME (US ARG)* RS "\n": one write, no JSON quoting
STUB_MARK, US, RS = "X", "\x1f", "\x1e"


def read(path: str, host: str = "localhost") -> list[dict[str, Any]]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", errors="surrogateescape") as fh:
        text = fh.read()
    out: list[dict[str, Any]] = []
    pos = 0
    while pos < len(text):
        if text.startswith(STUB_MARK, pos):
            end = text.index(RS + "\n", pos)
            name, *args = text[pos + 1:end].split(US)
            prefix, _, name = name.rpartition("@")  # HOST@NAME when run through ssh
            where = prefix or host
            out.append({"kind": EXTERNAL, "op": name, "host": where, "tool": name, "args": args, "ok": True})
            out.append({"kind": CALL, "op": name, "host": where, "tool": name, "status": 0, "stdout": "",
                        "argv": args, "ok": True})
            pos = end + 2
            continue
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if line.strip():
            out.append(json.loads(line))
        pos = end + 1
    return out
