"""Machine formats: json (schema-versioned), SARIF 2.1.0, checkstyle XML.

Always valid whatever the scripts hold: JSON and SARIF are UTF-8 (bytes that are not UTF-8, kept by Python
as surrogates, become U+FFFD; edit contents that are not UTF-8 also come as base64), checkstyle holds only
characters XML 1.0 allows.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import quoteattr

from xlref.findings import Applicability, Edit, Finding, Severity
from xlref.report.lines import LineCache, Lines

JSON_VERSION = 1
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


#: characters XML 1.0 does not allow, even escaped (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF)
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _utf8(text: str) -> str:
    """`text` with undecodable bytes (surrogate escapes) as U+FFFD, so it encodes as strict UTF-8."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _dump(doc: Any) -> str:
    # One pass over the finished text instead of one per string: surrogates from undecodable bytes are the
    # only characters strict UTF-8 cannot encode, and json leaves them raw with ensure_ascii=False.
    return _utf8(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def _content(text: bytes) -> dict[str, str]:
    """An edit's new bytes: as text, plus base64 when they are not UTF-8 (the text then has U+FFFD)."""
    try:
        return {"content": text.decode("utf-8")}
    except UnicodeDecodeError:
        return {"content": text.decode("utf-8", "replace"), "content_base64": base64.b64encode(text).decode()}


def _edit_json(e: Edit, lines: Lines | None) -> dict[str, Any]:
    line, col = lines.position(e.start) if lines is not None else (0, 0)
    end_line, end_col = lines.position(e.end) if lines is not None else (0, 0)
    return {"start_byte": e.start, "end_byte": e.end, "line": line, "column": col, "end_line": end_line,
            "end_column": end_col, **_content(e.text)}


def finding_json(f: Finding, lines: Lines | None) -> dict[str, Any]:
    fix = None
    if f.fix is not None:
        fix = {"applicability": f.fix.applicability.value, "description": f.fix.description,
               "edits": [_edit_json(e, lines) for e in f.fix.edits]}
    return {"path": f.path, "line": f.line, "column": f.column, "end_line": f.end_line,
            "end_column": f.end_column, "start_byte": f.start_byte, "end_byte": f.end_byte, "code": f.code,
            "severity": f.severity.value, "message": f.message, "fix": fix, "data": dict(f.data)}


def to_json(findings: Sequence[Finding], sources: Mapping[str, bytes],
            omitted: Mapping[str, int] | None = None) -> str:
    fixable = Counter(f.fix.applicability.value for f in findings if f.fix is not None)
    cache = LineCache(sources)
    doc = {
        "version": JSON_VERSION,
        "findings": [finding_json(f, cache.get(f.path)) for f in findings],
        "summary": {"findings": len(findings), "files": len({f.path for f in findings}),
                    "fixable": {"safe": fixable.get("safe", 0), "unsafe": fixable.get("unsafe", 0)},
                    "by_code": dict(sorted(Counter(f.code for f in findings).items())),
                    "omitted": dict(sorted((omitted or {}).items()))},
    }
    return _dump(doc)


def _fingerprint(f: Finding, lines: Lines | None, nth: int) -> str:
    line = lines.text(f.line).strip() if lines is not None else b""
    digest = hashlib.sha256(f.code.encode() + b"\0" + line).hexdigest()[:16]
    return f"{digest}:{nth}"


def _uri(path: str) -> str:
    """A relative or absolute path as a URI reference: bytes outside the unreserved set percent-encoded."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def _inserted(text: bytes) -> dict[str, str]:
    try:
        return {"text": text.decode("utf-8")}
    except UnicodeDecodeError:
        return {"binary": base64.b64encode(text).decode()}


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
          tool: str = "xlref", version: str = "", omitted: Mapping[str, int] | None = None) -> str:
    known = {r.code: r for r in rules}
    used = sorted({f.code for f in findings} | set(known))
    index = {code: i for i, code in enumerate(used)}
    rule_objs = [_rule_json(known[c]) if c in known else {"id": c} for c in used]
    seen: Counter[str] = Counter()
    results = []
    cache = LineCache(sources)
    for f in findings:
        base = _fingerprint(f, cache.get(f.path), 0).split(":")[0]
        seen[f.path + base] += 1
        region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column,
                  "byteOffset": f.start_byte, "byteLength": max(0, f.end_byte - f.start_byte)}
        res: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}, "region": region}}],
            "partialFingerprints": {"primaryLocationLineHash": f"{base}:{seen[f.path + base]}"},
        }
        if f.fix is not None:
            res["fixes"] = [{
                "description": {"text": f.fix.description or "rewrite"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": _uri(f.path)},
                    "replacements": [{
                        "deletedRegion": {"byteOffset": e.start, "byteLength": e.end - e.start},
                        "insertedContent": _inserted(e.text),
                    } for e in f.fix.edits],
                }],
            }]
            res["properties"] = {"applicability": f.fix.applicability.value,
                                 "safe": f.fix.applicability is Applicability.SAFE}
        results.append(res)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": tool, "version": version or "0", "informationUri":
                            "https://github.com/xlref/xlref", "rules": rule_objs}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if omitted:
        run["properties"] = {"omittedFindings": dict(sorted(omitted.items()))}
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return _dump(doc)


def _xml_attr(text: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", _utf8(text)))


def checkstyle(findings: Sequence[Finding], *, tool: str = "xlref", omitted: Mapping[str, int] | None = None) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">']
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    for path in omitted or {}:
        by_path.setdefault(path, [])
    for path, items in by_path.items():
        out.append(f"  <file name={_xml_attr(path)}>")
        for f in items:
            out.append(
                f"    <error line=\"{f.line}\" column=\"{f.column}\" severity=\"{f.severity.value}\" "
                f"message={_xml_attr(f.message)} source={_xml_attr(f'{tool}.{f.code}')}/>"
            )
        if (omitted or {}).get(path):
            out.append(f"    <!-- {(omitted or {})[path]} more findings not shown (see max-findings) -->")
        out.append("  </file>")
    out.append("</checkstyle>")
    return "\n".join(out) + "\n"
