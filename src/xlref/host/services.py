"""Boot and services, part one: the xendomains settings, xend's service links and saved domain images.

Which xendomains variables exist and what the script does with them comes from Xen's own files: RELEASE-4.4.4
tools/hotplug/Linux/init.d/{sysconfig.xendomains,xendomains} and RELEASE-4.22.0
tools/hotplug/Linux/{init.d/sysconfig.xendomains.in,xendomains.in}.  Both releases read the same eleven
variables; three of them carry command options, which the xl-era script hands to `xl` instead of `xm` — those
are checked option by option against the dataset's xm command records.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from xlref.data.index import option_by_flag
from xlref.host.fs import HostFS, Refused
from xlref.host.model import Fact, Status

XENDOMAINS_FILES = ("/etc/sysconfig/xendomains", "/etc/default/xendomains")
#: variable -> the xm/xl command whose options it holds (None: a path, a number or a switch; same meaning).
VARIABLES: dict[str, str | None] = {
    "XENDOMAINS_SYSRQ": None, "XENDOMAINS_USLEEP": None, "XENDOMAINS_CREATE_USLEEP": None,
    "XENDOMAINS_MIGRATE": "migrate", "XENDOMAINS_SAVE": None, "XENDOMAINS_SHUTDOWN": "shutdown",
    "XENDOMAINS_SHUTDOWN_ALL": "shutdown", "XENDOMAINS_RESTORE": None, "XENDOMAINS_AUTO": None,
    "XENDOMAINS_AUTO_ONLY": None, "XENDOMAINS_STOP_MAXWAIT": None,
}
DEFAULT_SAVE = "/var/lib/xen/save"
DEFAULT_AUTO = "/etc/xen/auto"
_ASSIGN = re.compile(r"^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$")
#: First bytes of a save image: xend's (XendCheckpoint.SIGNATURE, 4.4.4) and xl's (tools/xl/xl.h, 4.22).
XEND_IMAGE = b"LinuxGuestRecord"
XL_IMAGE = b"Xen saved domain"
RC_DIRS = ("/etc/rc{}.d", "/etc/rc.d/rc{}.d", "/etc/init.d/rc{}.d")
SYSTEMD_DIRS = ("/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system")


def shell_vars(text: str) -> dict[str, tuple[str, int]]:
    """NAME -> (value, line) of plain assignments (a sysconfig file is sourced by the script; no expansion)."""
    out: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        m = _ASSIGN.match(line)
        if not m:
            continue
        try:
            words = shlex.split(m.group(2), comments=True)
        except ValueError:
            words = [m.group(2).strip()]
        out[m.group(1)] = (" ".join(words), number)
    return out


def _option_verdict(data: dict[str, Any], command: str, value: str) -> tuple[Status, str]:
    """Check each option word against the dataset's xm record for `command` and its xl replacement."""
    rec = _record(data, "xm", command)
    if rec is None or not value.strip():
        return Status.INFO, "empty: not used"
    worst, notes = Status.DONE, []
    xl_flags = _xl_flags(data, command)
    for word in value.split():
        if not word.startswith("-"):
            continue
        flag = word.split("=", 1)[0]
        opt = option_by_flag(rec, flag)
        if opt is None:
            worst = Status.HUMAN
            notes.append(f"{word}: xm {command} has no such option")
            continue
        repl = opt.get("replacements", {}).get("xl")
        if flag not in xl_flags:
            # the script passes the words to xl unchanged: what the linter would drop or rename, xl refuses
            worst = Status.HUMAN
            hint = (repl or {}).get("note") or (repl or {}).get("why") or ""
            notes.append(f"{word}: xl {command} refuses this option, so the call fails; take it out"
                         + (f" ({hint.rstrip('.')})" if hint else ""))
            continue
        if opt.get("status") == "unchanged" or repl is None:
            continue
        level = {"safe": Status.TODO, "unsafe": Status.HUMAN}.get(repl.get("fix", "none"), Status.HUMAN)
        worst = max(worst, level)
        notes.append(f"{word}: {(repl.get('note') or repl.get('why') or repl['action']).rstrip('.')}")
    if not notes:
        return Status.DONE, f"xl {command} takes these options as they are"
    return worst, f"now passed to xl {command}: " + "; ".join(notes)


def _record(data: dict[str, Any], tool: str, name: str) -> dict[str, Any] | None:
    return next((r for r in data["commands"] if r["tool"] == tool and r["name"] == name), None)


def _xl_flags(data: dict[str, Any], command: str) -> set[str]:
    """The option words the newest xl accepts for `command`."""
    from xlref.data.releases import available

    rec = _record(data, "xl", command)
    if rec is None:
        return set()
    return {f for o in rec.get("options", []) if available(o, None, rec) for f in o["flags"]}


def xendomains(fs: HostFS, data: dict[str, Any]) -> tuple[list[Fact], dict[str, str]]:
    """(facts, effective settings: save and auto directories)."""
    facts: list[Fact] = []
    where = {"save": DEFAULT_SAVE, "auto": DEFAULT_AUTO}
    for path in XENDOMAINS_FILES:
        if not fs.exists(path):
            continue
        raw = fs.try_read(path)
        if raw is None:
            continue
        for name, (value, line) in shell_vars(raw.decode("utf-8", "replace")).items():
            if not name.startswith("XENDOMAINS_"):
                continue
            if name not in VARIABLES:
                facts.append(Fact("xendomains", path, name, value, Status.HUMAN,
                                  "the xl-era xendomains script does not read this variable", line))
                continue
            command = VARIABLES[name]
            if command is None:
                status, note = Status.DONE, "same meaning in the xl-era script"
            else:
                status, note = _option_verdict(data, command, value)
            if name == "XENDOMAINS_SAVE" and value:
                where["save"] = value
            if name == "XENDOMAINS_AUTO" and value:
                where["auto"] = value
            facts.append(Fact("xendomains", path, name, value, status, note, line))
    facts.extend(_save_images(fs, where["save"]))
    return facts, where


def _save_images(fs: HostFS, save_dir: str) -> list[Fact]:
    out = []
    for path in fs.files(save_dir, recursive=False):
        try:
            head = fs.read(path, 16, head=True)
        except Refused as exc:
            out.append(Fact("xendomains", path, "saved image", "unreadable", Status.HUMAN, str(exc)))
            continue
        if head.startswith(XEND_IMAGE):
            out.append(Fact("xendomains", path, "saved image", "xend format", Status.HUMAN,
                            "written by xm save: xl cannot restore it (the xl-era xendomains skips it); restore it "
                            "with xm before the upgrade, or shut the domain down cleanly"))
        elif head.startswith(XL_IMAGE):
            out.append(Fact("xendomains", path, "saved image", "xl format", Status.INFO, "xl restore reads it"))
    return out


def services(fs: HostFS) -> list[Fact]:
    facts: list[Fact] = []
    if fs.exists("/etc/init.d/xend"):
        facts.append(Fact("service", "/etc/init.d/xend", "xend init script", "present", Status.TODO,
                          "remove it with the old Xen tools; xencommons (and xendomains) replace it"))
    for pattern in RC_DIRS:
        for level in "0123456S":
            rc = pattern.format(level)
            for entry in fs.listdir(rc):
                if re.fullmatch(r"S\d\dxend", entry):
                    facts.append(Fact("service", f"{rc}/{entry}", "xend start link", f"runlevel {level}", Status.TODO,
                                      "xend starts at boot: disable it (update-rc.d/chkconfig/insserv) and enable "
                                      "xencommons"))
    for base in SYSTEMD_DIRS:
        if fs.exists(f"{base}/xend.service"):
            facts.append(Fact("service", f"{base}/xend.service", "xend systemd unit", "present", Status.TODO,
                              "systemctl disable xend; enable xencommons or the xenstored/xenconsoled units"))
    for wants in fs.listdir("/etc/systemd/system"):  # enabled units are links in *.wants, only under /etc
        if wants.endswith(".wants") and fs.exists(f"/etc/systemd/system/{wants}/xend.service"):
            facts.append(Fact("service", f"/etc/systemd/system/{wants}/xend.service", "xend enabled", wants,
                              Status.TODO, "systemctl disable xend"))
    new = [p for p in ("/etc/init.d/xencommons", "/lib/systemd/system/xenstored.service",
                       "/usr/lib/systemd/system/xenstored.service") if fs.exists(p)]
    facts.append(Fact("service", new[0] if new else "/etc/init.d/xencommons", "xencommons",
                      "installed" if new else "not installed", Status.INFO,
                      "the xl-era services are in place" if new else "comes with the Xen 4.5+ tools"))
    return facts
