"""Machine formats: json (schema-versioned), SARIF 2.1.0, checkstyle XML."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import quoteattr

from xlref.findings import Applicability, Edit, Finding, Severity

JSON_VERSION = 1
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@lru_cache(maxsize=16)
def _split(source: bytes) -> list[bytes]:
    """A source's lines, split once however many findings it has (bytes cache their hash)."""
    return source.split(b"\n")


def _position(source: bytes | None, offset: int) -> tuple[int, int]:
    if source is None:
        return 0, 0
    line_start = source.rfind(b"\n", 0, offset) + 1
    line = source.count(b"\n", 0, offset) + 1
    return line, len(source[line_start:offset].decode("utf-8", "replace")) + 1


def _edit_json(e: Edit, source: bytes | None) -> dict[str, Any]:
    line, col = _position(source, e.start)
    end_line, end_col = _position(source, e.end)
    return {"start_byte": e.start, "end_byte": e.end, "line": line, "column": col, "end_line": end_line,
            "end_column": end_col, "content": e.text.decode("utf-8", "surrogateescape")}


def finding_json(f: Finding, source: bytes | None) -> dict[str, Any]:
    fix = None
    if f.fix is not None:
        fix = {"applicability": f.fix.applicability.value, "description": f.fix.description,
               "edits": [_edit_json(e, source) for e in f.fix.edits]}
    return {"path": f.path, "line": f.line, "column": f.column, "end_line": f.end_line,
            "end_column": f.end_column, "start_byte": f.start_byte, "end_byte": f.end_byte, "code": f.code,
            "severity": f.severity.value, "message": f.message, "fix": fix, "data": dict(f.data)}


def to_json(findings: Sequence[Finding], sources: Mapping[str, bytes]) -> str:
    fixable = Counter(f.fix.applicability.value for f in findings if f.fix is not None)
    doc = {
        "version": JSON_VERSION,
        "findings": [finding_json(f, sources.get(f.path)) for f in findings],
        "summary": {"findings": len(findings), "files": len({f.path for f in findings}),
                    "fixable": {"safe": fixable.get("safe", 0), "unsafe": fixable.get("unsafe", 0)},
                    "by_code": dict(sorted(Counter(f.code for f in findings).items()))},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _fingerprint(f: Finding, source: bytes | None, nth: int) -> str:
    line = b""
    if source is not None:
        lines = _split(source)
        if 0 < f.line <= len(lines):
            line = lines[f.line - 1].strip()
    digest = hashlib.sha256(f.code.encode() + b"\0" + line).hexdigest()[:16]
    return f"{digest}:{nth}"


def _rule_json(rule: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": _SARIF_LEVEL[Severity(rule.severity)]},
    }
    explanation = getattr(rule, "explanation", "")
    if explanation:
        out["fullDescription"] = {"text": explanation}
        out["help"] = {"text": explanation, "markdown": explanation}
    fix = getattr(rule, "fix", "")
    if fix:
        out["properties"] = {"fix": fix}
    return out


def sarif(findings: Sequence[Finding], sources: Mapping[str, bytes], rules: Sequence[Any], *,
          tool: str = "xlref", version: str = "") -> str:
    known = {r.code: r for r in rules}
    used = sorted({f.code for f in findings} | set(known))
    index = {code: i for i, code in enumerate(used)}
    rule_objs = [_rule_json(known[c]) if c in known else {"id": c} for c in used]
    seen: Counter[str] = Counter()
    results = []
    for f in findings:
        src = sources.get(f.path)
        base = _fingerprint(f, src, 0).split(":")[0]
        seen[f.path + base] += 1
        region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column,
                  "byteOffset": f.start_byte, "byteLength": max(0, f.end_byte - f.start_byte)}
        res: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": f.path}, "region": region}}],
            "partialFingerprints": {"primaryLocationLineHash": f"{base}:{seen[f.path + base]}"},
        }
        if f.fix is not None:
            res["fixes"] = [{
                "description": {"text": f.fix.description or "rewrite"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": f.path},
                    "replacements": [{
                        "deletedRegion": {"byteOffset": e.start, "byteLength": e.end - e.start},
                        "insertedContent": {"text": e.text.decode("utf-8", "surrogateescape")},
                    } for e in f.fix.edits],
                }],
            }]
            res["properties"] = {"applicability": f.fix.applicability.value,
                                 "safe": f.fix.applicability is Applicability.SAFE}
        results.append(res)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": tool, "version": version or "0", "informationUri":
                                "https://github.com/xlref/xlref", "rules": rule_objs}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def checkstyle(findings: Sequence[Finding], *, tool: str = "xlref") -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">']
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    for path, items in by_path.items():
        out.append(f"  <file name={quoteattr(path)}>")
        for f in items:
            out.append(
                f"    <error line=\"{f.line}\" column=\"{f.column}\" severity=\"{f.severity.value}\" "
                f"message={quoteattr(f.message)} source={quoteattr(f'{tool}.{f.code}')}/>"
            )
        out.append("  </file>")
    out.append("</checkstyle>")
    return "\n".join(out) + "\n"
