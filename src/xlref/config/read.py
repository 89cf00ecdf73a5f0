"""Read a config file into the neutral model: libvirt XML is told apart first (read by xmlread), then xend SXP,
then literal xl syntax, and Python (xm) for anything else.  Which tool's meaning applies is detect.detect's job.

Encoding facts: a UTF-8 byte order mark and CRLF line ends are accepted by xm's Python 2 but are lexical errors
for xl; they are removed before parsing, remembered on the Config, and reported by the checker.
"""

from __future__ import annotations

from xlref.config.detect import looks_like_xml
from xlref.config.model import Config, Problem, Span
from xlref.config.store import SXP_DOMAIN
from xlref.config.sxp import SxpError, sxp_entries
from xlref.config.xlparse import parse_xl
from xlref.config.xmparse import parse_xm

BOM = "\ufeff"


class InputError(ValueError):
    """The file cannot be read at all (binary, not UTF-8...): exit code 2."""


def is_binary(raw: bytes) -> bool:
    """A NUL byte near the start: no domain config (text in any encoding) has one."""
    return b"\0" in raw[:8192]


def decode(raw: bytes, path: str) -> str:
    if is_binary(raw):
        raise InputError("binary file, not a domain config")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_config(text: str, path: str = "-", variables: dict[str, str] | None = None) -> Config:
    """Read a native config.  dialect is "xl" when the whole file is literal xl syntax, "xm" when it needs
    Python, "sxp" for xend s-expressions (which no current tool reads).  variables: `xm create` command-line
    variables (--set NAME=VALUE), visible to a Python config."""
    bom = text.startswith(BOM)
    body = text[1:] if bom else text
    crlf = "\r\n" in body
    clean = body.replace("\r\n", "\n") if crlf else body
    cfg = _read(clean, path, variables)
    cfg.text, cfg.bom, cfg.crlf = body, bom, crlf
    return cfg


def _read(text: str, path: str, variables: dict[str, str] | None) -> Config:
    m = SXP_DOMAIN.match(text)
    if m:
        line = text[: m.start(1)].count("\n") + 1
        cfg = Config(path=path, text=text, dialect="sxp")
        cfg.problems.append(Problem("XL506", "this is an xend SXP config (`xm create -F` / `xm new -F`, or xend's "
                                    "own store); neither xl nor libvirt reads SXP — `xlref config convert --to "
                                    "xl|libvirt` rewrites it", Span(line, 1, line, 2)))
        try:
            sxp_entries(cfg)
        except SxpError as err:
            cfg.problems.append(Problem("XL516", f"unreadable SXP: {err.detail}", Span(err.line, 1, err.line, 2)))
            cfg.entries.clear()
        return cfg
    cfg = parse_xl(text, path)
    if not cfg.problems:
        return cfg
    return parse_xm(text, path, variables)


__all__ = ["BOM", "InputError", "decode", "is_binary", "looks_like_xml", "read_config"]
