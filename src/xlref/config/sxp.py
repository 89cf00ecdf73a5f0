"""xend S-expression (SXP) configs, as `xm create -F` / `xm new -F` read them and xend stored them under
/var/lib/xend/domains.  Neither xl nor libvirt reads SXP; this maps the common fields onto xm config keys so
`xlref config convert` can still produce an xl config or libvirt XML (SUSE's xen2libvirt does the same).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlref.config.model import Config, Entry, Span, Value

#: strings may span lines (xend's parser takes any character inside quotes, re.S)
_TOKEN = re.compile(r"""\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s()'"]+))""", re.S)
_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "\\": "\\", "'": "'",
            '"': '"'}


def _unescape(body: str) -> str:
    """xend's sxp.py state_escape: known escapes, \\xHH, \\NNN octal; an unknown one keeps the backslash and
    drops the character after it (so a backslash-newline inside a string leaves a backslash)."""
    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] in _ESCAPES:
            return _ESCAPES[esc[0]] + esc[1:]
        if esc[0] == "x" and len(esc) > 1:
            return chr(int(esc[1:3], 16)) + esc[3:]
        if esc[0] in "01234567":
            digits = re.match(r"[0-7]{1,3}", esc)
            assert digits is not None
            return chr(int(digits.group(0), 8) & 0xFF) + esc[len(digits.group(0)):]
        return "\\"
    return re.sub(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)", one, body, flags=re.S)


@dataclass
class _Atom:
    text: str
    line: int
    column: int


Node = _Atom | list["Node"]


class SxpError(ValueError):
    pass


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_sxp(text: str) -> list[Node]:
    """Top-level s-expressions; atoms keep their position."""
    stack: list[list[Node]] = [[]]
    pos = 0
    clean = re.sub(r"#[^\n]*", lambda m: " " * len(m.group(0)), text)
    while pos < len(clean):
        m = _TOKEN.match(clean, pos)
        if not m or m.end() == pos:
            if clean[pos:].strip():
                raise SxpError(f"unreadable text at line {_line_col(text, pos)[0]}")
            break
        start = m.start(m.lastindex or 0)
        pos = m.end()
        if m.group(1):
            stack.append([])
        elif m.group(2):
            if len(stack) == 1:
                raise SxpError(f"unbalanced ')' at line {_line_col(text, start)[0]}")
            done = stack.pop()
            stack[-1].append(done)
        else:
            if m.group(5) is not None:
                value = m.group(5)
            else:
                value = _unescape(m.group(3) if m.group(3) is not None else m.group(4))
            stack[-1].append(_Atom(value, *_line_col(text, start)))
    if len(stack) != 1:
        raise SxpError("unbalanced '(': the file ends inside an expression")
    return stack[0]


def _head(node: Node) -> str | None:
    return node[0].text if isinstance(node, list) and node and isinstance(node[0], _Atom) else None


def _value(atom: _Atom) -> Value:
    if re.fullmatch(r"[0-9]+", atom.text):
        return int(atom.text)
    return atom.text


def _pairs(node: list[Node]) -> list[tuple[str, _Atom]]:
    """(key value) children with a single atom value."""
    out = []
    for child in node[1:]:
        if isinstance(child, list) and len(child) == 2 and isinstance(child[0], _Atom) \
                and isinstance(child[1], _Atom):
            out.append((child[0].text, child[1]))
    return out


_IMAGE_RENAMES = {"args": "extra"}
_SKIP = {"domid", "cpu_time", "online_vcpus", "start_time", "status", "state", "shutdown_reason", "store_mfn",
         "console_mfn", "notes", "features", "image"}


def sxp_entries(cfg: Config) -> None:
    """Fill cfg.entries from cfg.text (an SXP file).  Raises SxpError when the text is not SXP."""
    top = [n for n in parse_sxp(cfg.text) if _head(n) in ("vm", "domain")]
    if not top or not isinstance(top[0], list):
        raise SxpError("no (vm ...) or (domain ...) expression")
    root = top[0]
    disks: list[Value] = []
    vifs: list[Value] = []
    vfbs: list[Value] = []
    pcis: list[Value] = []

    def add(key: str, value: Value, atom: _Atom) -> None:
        span = Span(atom.line, atom.column, atom.line, atom.column + len(atom.text))
        cfg.entries.append(Entry(key, value, span, span, value_span=span))

    for key, atom in _pairs(root):
        if key == "uuid" and re.fullmatch(r"[0-9a-fA-F]{32}", atom.text):
            # older xend wrote uuids without dashes; xl's parser wants the 8-4-4-4-12 form (same uuid)
            t = atom.text
            add(key, f"{t[:8]}-{t[8:12]}-{t[12:16]}-{t[16:20]}-{t[20:]}", atom)
        elif key not in _SKIP:
            add(key, _value(atom), atom)
    for child in root[1:]:
        if not isinstance(child, list):
            continue
        head = _head(child)
        if head == "image" and len(child) > 1 and isinstance(child[1], list):
            kind = _head(child[1]) or "linux"
            if isinstance(child[1][0], _Atom):
                add("builder", "hvm" if kind == "hvm" else "linux", child[1][0])
            for key, atom in _pairs(child[1]):
                if key == "cdrom" and kind == "hvm":
                    # Xen 3.0's HVM cdrom was passed to qemu-dm as -cdrom, the IDE drive hdc (RELEASE-3.0.0 image.py)
                    disks.append(f"file:{atom.text},hdc:cdrom,r")
                    continue
                add(_IMAGE_RENAMES.get(key, key), _value(atom), atom)
        elif head == "platform":
            for key, atom in _pairs(child):
                add(key, _value(atom), atom)
        elif head == "device" and len(child) > 1 and isinstance(child[1], list):
            dev = child[1]
            dev_kind = _head(dev)
            kv = {k: a.text for k, a in _pairs(dev)}
            if dev_kind in ("vbd", "tap", "tap2"):
                disks.append(f"{kv.get('uname', '')},{kv.get('dev', '')},{kv.get('mode', 'w')}")
            elif dev_kind == "vif":
                vifs.append(",".join(f"{k}={v}" for k, v in kv.items()
                                     if k in ("mac", "bridge", "script", "model", "type", "vifname", "ip",
                                              "rate")))
            elif dev_kind == "vfb":
                vfbs.append(",".join(f"{k}={v}" for k, v in kv.items()
                                     if k in ("type", "vncunused", "vnclisten", "vncdisplay", "vncpasswd",
                                              "display", "xauthority", "keymap")))
            elif dev_kind == "pci":
                for sub in dev[1:]:
                    if _head(sub) == "dev" and isinstance(sub, list):
                        d = {k: a.text for k, a in _pairs(sub)}
                        try:
                            dom, bus, slot, func = (int(d.get(f, "0"), 16) for f in ("domain", "bus", "slot", "func"))
                            pcis.append(f"{dom:04x}:{bus:02x}:{slot:02x}.{func:x}")
                        except ValueError as err:
                            raise SxpError(f"bad PCI address in SXP: {d}") from err
    anchor = root[0] if isinstance(root[0], _Atom) else _Atom("vm", 1, 1)
    for key, values in (("disk", disks), ("vif", vifs), ("vfb", vfbs), ("pci", pcis)):
        if values:
            add(key, values, anchor)
