"""Scripts: every shell script in the usual places (plus --scripts DIRs), linted with the lint engine.

Crontab files are not shell scripts, but each entry's command is shell: the schedule (and the user column of
system crontabs) is blanked with spaces, byte for byte, so the linter's offsets and fixes apply to the real file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from xlref.findings import Applicability, Finding
from xlref.host import engines
from xlref.host.fs import HostFS
from xlref.host.model import Script, Status

PLACES = ("/etc/init.d", "/etc/cron.d", "/etc/cron.hourly", "/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly",
          "/etc/ha.d", "/usr/local", "/root", "/opt")
CRONTABS = ("/etc/crontab", "/var/spool/cron/crontabs", "/var/spool/cron/tabs", "/var/spool/cron")
_SCHEDULE = re.compile(rb"^([ \t]*)(@[a-z]+|(?:[^ \t\n]+[ \t]+){4}[^ \t\n]+)([ \t]+)")
_ENV = re.compile(rb"^[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*=")


def blank_crontab(raw: bytes, system: bool) -> bytes:
    """The crontab with schedules (and the user field of system tables) replaced by spaces, same length."""
    out = []
    for line in raw.splitlines(keepends=True):
        body = line.rstrip(b"\r\n")
        if not body.strip() or body.lstrip().startswith(b"#") or _ENV.match(body):
            out.append(line)
            continue
        m = _SCHEDULE.match(body)
        if not m:
            out.append(line)
            continue
        cut = m.end()
        if system:  # the sixth field is the user the command runs as
            user = re.match(rb"[^ \t]+[ \t]+", body[cut:])
            cut += user.end() if user else 0
        out.append(b" " * cut + line[cut:])
    return b"".join(out)


def candidates(fs: HostFS, extra: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """(host path, is a crontab) of files to consider, each once."""
    seen: set[str] = set()
    for place in (*PLACES, *extra):
        for path in fs.files(place):
            if path not in seen:
                seen.add(path)
                yield path, place == "/etc/cron.d"
    for place in CRONTABS:
        paths = [place] if not fs.is_dir(place) else list(fs.files(place, recursive=False))
        for path in paths:
            if path not in seen and fs.exists(path):
                seen.add(path)
                yield path, True


def _summary(path: str, findings: list[Finding]) -> Script:
    codes = Counter(f.code for f in findings)
    safe = sum(1 for f in findings if f.fix and f.fix.applicability is Applicability.SAFE)
    unsafe = sum(1 for f in findings if f.fix and f.fix.applicability is Applicability.UNSAFE)
    manual = len(findings) - safe - unsafe
    status = Status.HUMAN if manual or unsafe else Status.TODO
    return Script(path, status, len(findings), dict(sorted(codes.items())), safe, unsafe, manual)


def scan_scripts(fs: HostFS, linter: engines.Scripts, extra: Iterable[str] = (), fix: bool = False,
                 unsafe: bool = False, tick: Callable[[str], None] | None = None) -> tuple[list[Script], int]:
    """(scripts with findings, number of shell files linted).  With fix, each Script carries its rewrite."""
    out: list[Script] = []
    linted = 0
    for path, crontab in candidates(fs, extra):
        if tick:
            tick(path)
        raw = fs.try_read(path)
        if raw is None:
            continue
        if b"\0" in raw[:8192]:
            continue
        if crontab:
            source = blank_crontab(raw, system=not path.startswith("/var/spool/"))
        elif engines.looks_like_shell(path, raw[:8192]):
            source = raw
        else:
            continue
        linted += 1
        findings = linter.lint(path, source)
        if not findings:
            continue
        row = _summary(path, findings)
        if fix and (row.safe or (unsafe and row.unsafe)):
            fixed, _, abandoned = linter.fix(path, source, unsafe)
            result = _unblank(raw, source, fixed) if crontab and fixed != source else fixed
            if abandoned:
                row.note = "fixes abandoned: the rewritten script did not parse"
            elif result is None:
                row.note = "fixes left out: the crontab's lines changed shape"
            elif result != raw:
                row.patched, row.text, row.original = True, result, raw
        out.append(row)
    return out, linted


def _unblank(raw: bytes, blanked: bytes, fixed: bytes) -> bytes | None:
    """Put the schedules back into a fixed crontab: only the commands changed, so lines pair up one to one."""
    old, new, orig = blanked.splitlines(True), fixed.splitlines(True), raw.splitlines(True)
    if len(new) != len(old):
        return None
    out = []
    for o, n, r in zip(old, new, orig, strict=True):
        if o == n:
            out.append(r)
            continue
        lead = len(o) - len(o.lstrip(b" "))
        if n[:lead] != b" " * lead:
            return None
        out.append(r[:lead] + n[lead:])
    return b"".join(out)
