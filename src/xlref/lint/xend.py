"""XL4xx: the xend daemon, its init script, its config file and state directory."""

from __future__ import annotations

import re
from collections.abc import Callable

from xlref.data.load import Dataset
from xlref.findings import Edit
from xlref.lint.model import Item
from xlref.lint.shell import Node, Tree, literal
from xlref.lint.wrappers import Effective, basename

_XEND = re.compile(rb"(?<![A-Za-z0-9_])(?:rc)?xend(?![A-Za-z0-9_])")
#: programs that start, stop or enable a service named in their arguments
SERVICE_TOOLS = frozenset({"service", "invoke-rc.d", "chkconfig", "update-rc.d", "systemctl", "rc-service",
                           "rc-update", "insserv", "sysv-rc-conf"})
_LSB_DEP = re.compile(rb"#[ \t]*(?:Required|Should|X-Start)-(?:Start|Stop|Before):")
PROCESS_TOOLS = frozenset({"pidof", "pgrep", "pkill", "killall"})


def host_replacements(data: Dataset, target: str) -> dict[str, str | None]:
    """id (daemon, config, state) -> what replaces that part of xend on `target`, from the dataset's xend section."""
    return {item["id"]: item["replacements"][target]["with"] for item in data.get("xend", [])}


def _comment_or_heredoc(node: Node | None) -> tuple[bool, Node | None]:
    """(inside a comment/heredoc text, nearest command ancestor)."""
    while node is not None:
        if node.type in ("comment", "heredoc_body"):
            return True, None
        if node.type == "command":
            return False, node
        node = node.parent
    return False, None


def scan(
    source: bytes, tree: Tree, host: dict[str, str | None], effective: Callable[[Node], Effective]
) -> list[tuple[Item, Edit | None]]:
    out: list[tuple[Item, Edit | None]] = []
    if b"xend" not in source:
        return out
    root = tree.root_node
    service = host.get("daemon")
    if service is None:  # a dataset without the xend section: report, never rewrite
        return _scan(source, root, "the host's Xen service", None, host, effective)
    return _scan(source, root, service, service.encode(), host, effective)


def _scan(source: bytes, root: Node, service: str, new: bytes | None, host: dict[str, str | None],
          effective: Callable[[Node], Effective]) -> list[tuple[Item, Edit | None]]:
    out: list[tuple[Item, Edit | None]] = []
    for m in _XEND.finditer(source):
        o, z = m.start(), m.end()
        node = root.descendant_for_byte_range(o, z)
        hidden, command = _comment_or_heredoc(node)
        if hidden and node is not None and node.type == "comment" and source[o:z] == b"xend":
            line_start = source.rfind(b"\n", 0, o) + 1
            if _LSB_DEP.match(source, line_start):  # LSB header: insserv/systemd order the script after xend
                out.append((Item("XL401", o, z, f"the init-script header depends on xend; depend on {service}"),
                            Edit(o, z, new) if new else None))
            continue
        if hidden or node is None:
            continue
        word = node
        while word.parent is not None and word.type not in ("word", "string", "raw_string", "concatenation"):
            word = word.parent
        if source[z:z + 11] == b"-config.sxp":
            config = host.get("config")
            out.append((Item("XL402", o, z + 11, "xend-config.sxp is read by nothing any more"
                             + (f"; the settings now live in {config}" if config else "")), None))
            continue
        if source[max(0, o - 9):o] == b"/var/lib/":
            state = host.get("state")
            out.append((Item("XL403", o - 9, z, "/var/lib/xend holds xend-managed state that nothing reads now"
                             + (f"; the target keeps its state in {state}" if state else "")), None))
            continue
        init_path = source[max(0, o - 7):o] == b"init.d/" and not source[o:z].startswith(b"rc")
        eff = effective(command) if command is not None else None
        in_program = eff is not None and bool(eff.words) and eff.words[0].start_byte <= o < eff.words[0].end_byte
        if init_path and not in_program:  # [ -x /etc/init.d/xend ], cp /etc/init.d/xend ...: the script itself
            out.append((Item("XL401", o - 7, z, f"the xend init script is gone; the host service is {service}"),
                        None))
        if eff is None or not eff.words:
            continue
        prog = eff.words[0]
        prog_text = literal(prog)
        if prog_text is None:  # ${SBINDIR}/xend: only the directory expands
            prog_text = (prog.text or b"").strip(b"\"'").decode("utf-8", "replace")
        prog_name = basename(prog_text)
        if prog.start_byte <= o < prog.end_byte:
            if prog_name == "rcxend" or (prog_name == "xend" and "init.d/" in prog_text):
                start = o + 2 if prog_name == "rcxend" else o
                edit = Edit(start, z, new) if new else None
                out.append((Item("XL401", prog.start_byte, eff.words[-1].end_byte,
                                 f"the xend init script is gone: use the {service} service"), edit))
            elif prog_name == "xend":
                out.append((Item("XL401", prog.start_byte, eff.words[-1].end_byte,
                                 f"xend no longer exists: start the {service} service instead"), None))
            continue
        value = literal(word) if word.type != "concatenation" else None
        if prog_name in SERVICE_TOOLS and value in ("xend", "xend.service"):
            edit = Edit(o, z, new) if new else None
            out.append((Item("XL401", prog.start_byte, eff.words[-1].end_byte,
                             f"{prog_name} {value}: xend is gone; use the {service} service"), edit))
        elif prog_name in PROCESS_TOOLS and value is not None and basename(value) == "xend":
            out.append((Item("XL405", prog.start_byte, eff.words[-1].end_byte,
                             f"{prog_name} looks for the xend process, which xl does not have; "
                             "test the toolstack with `xl info`"), None))
    return out
