"""`--write DIR`: the migration bundle.

    README.txt                what is here and the order to use it in
    report.json|md|html       the scan report
    domains/xl/NAME.cfg       each domain as a literal xl.cfg (managed domains included)
    domains/libvirt/NAME.xml  each domain as libvirt domain XML
    define-all.sh             `virsh define` for every XML (checked with `bash -n` before it is written)
    scripts.patch             the script rewrites, paths relative to the host's /  (cd / && git apply ...)
    settings/xl.conf.add      lines for /etc/xen/xl.conf; settings/libxl.conf.add for /etc/libvirt/libxl.conf
    backup/...                copies of xend-config.sxp and the boot loader config, at their host paths

Every file is written atomically; a directory is only reused when an earlier bundle left its marker in it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

from xlref.atomic import write_atomic
from xlref.host import engines
from xlref.host.domains import safe_name
from xlref.host.model import Report
from xlref.host.render import tables, to_json, to_markdown, verdict
from xlref.host.settings import proposals

MARKER = ".xlref-bundle"


class BundleError(Exception):
    pass


def check_target(out: Path, root: str) -> None:
    real_root = os.path.realpath(root)
    real_out = os.path.realpath(out)
    if real_root != "/" and (real_out == real_root or real_out.startswith(real_root + os.sep)):
        raise BundleError(f"{out}: inside the scanned tree {root}; the scan never writes there")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise BundleError(f"{out}: exists and is not an empty directory or an earlier xlref bundle")


def define_script(entries: list[tuple[str, str | None, str]]) -> str:
    """entries: (xml file name, domain name or None when not importable, note).  Like `xlref config convert
    --define`, a domain libvirt already has is not replaced unless the script is given --force (`virsh define`
    of a known name would overwrite its definition)."""
    lines = ["#!/bin/sh", "# Import the converted domains into libvirt (written by xlref host scan --write).",
             "# Review each XML first. VIRSH_CONNECT picks the connection (default: virsh's own).",
             "# A domain libvirt already has is left alone; ./define-all.sh --force replaces its definition.",
             "set -u", 'cd "$(dirname "$0")/domains/libvirt" || exit 2',
             'force=no; [ "${1:-}" = "--force" ] && force=yes', "status=0",
             'virsh_() { virsh ${VIRSH_CONNECT:+-c "$VIRSH_CONNECT"} "$@"; }',
             "define_() {  # NAME FILE",
             '    if [ "$force" = no ] && virsh_ domuuid "$1" >/dev/null 2>&1; then',
             '        echo "define-all.sh: $1: libvirt already has it; not replaced (--force replaces it)" >&2',
             "        status=1; return 0", "    fi",
             '    virsh_ define "$2" || status=1', "}", ""]
    seen: set[str] = set()
    for fname, name, note in entries:
        if name is None:
            lines.append(f"# not importable: {note}")
        elif name in seen:
            lines.append(f"# skipped {fname}: another domain is already named {name!r}; rename one first")
        else:
            seen.add(name)
            lines.append(f"define_ {shlex.quote(name)} {shlex.quote(fname)}")
    lines += ["", 'exit "$status"']
    return "\n".join(lines).replace("\r", "") + "\n"


def _bash_ok(text: str) -> bool:
    bash = shutil.which("bash")
    if bash is None:
        return True  # nothing to judge with; the script is built from quoted words only
    proc = subprocess.run([bash, "-n"], input=text, text=True, capture_output=True, check=False, timeout=30)
    return proc.returncode == 0


def _comment(text: str) -> str:
    return " ".join(text.split())


def write_bundle(report: Report, out: Path, version: str) -> list[str]:
    """Write the bundle; return the files written (relative to out)."""
    from xlref.host.html import to_html

    check_target(out, report.root)
    files: dict[str, bytes] = {MARKER: b"xlref host bundle\n"}
    taken: set[str] = set()
    defines: list[tuple[str, str | None, str]] = []
    for dom in report.domains:
        if dom.kind == "example":
            continue
        name = safe_name(dom, taken)
        if dom.xl.ok:
            files[f"domains/xl/{name}.cfg"] = (f"# from {dom.path}\n" + dom.xl.text).encode()
        if dom.libvirt.ok:
            files[f"domains/libvirt/{name}.xml"] = dom.libvirt.text.encode()
            defines.append((f"{name}.xml", dom.name or name, ""))
        else:
            defines.append((f"{name}.xml", None, f"{dom.path}: {_comment(dom.libvirt.error or '')}"))
    script = define_script(defines)
    if not _bash_ok(script):
        raise BundleError("define-all.sh did not pass bash -n (a bug: please report it)")
    files["define-all.sh"] = script.encode()
    patched = {s.path: s for s in report.scripts if s.patched}
    if patched:
        files["scripts.patch"] = engines.unified_diff({p: s.original for p, s in patched.items()},
                                                      {p: s.text for p, s in patched.items()})
    for fname, lines in proposals(report.settings).items():
        head = [f"# Settings for {'/etc/xen/xl.conf' if fname == 'xl.conf' else '/etc/libvirt/libxl.conf'} "
                "carried over from xend-config.sxp (written by xlref host scan --write).",
                "# Nothing here is applied automatically: copy what fits."]
        files[f"settings/{fname}.add"] = ("\n".join([*head, *lines]) + "\n").encode()
    for path, raw in report.backups.items():
        files["backup/" + path.lstrip("/")] = raw
    files["report.json"] = to_json(report, version).encode()
    files["report.md"] = to_markdown(report).encode()
    files["report.html"] = to_html(report, tables(report), verdict(report)).encode()
    files["README.txt"] = _readme(report, bool(patched)).encode()
    out.mkdir(parents=True, exist_ok=True)
    for rel, data in sorted(files.items()):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
        if rel == "define-all.sh":
            target.chmod(0o755)
    return sorted(files)


def _readme(report: Report, patch: bool) -> str:
    steps = [
        "Migration bundle written by xlref host scan.",
        f"Scanned tree: {report.root}   Target toolstack: {report.target}",
        "",
        "1. Read report.html (or report.md): every checklist item, with the evidence.",
        "2. Keep backup/ somewhere safe: the old xend-config.sxp and boot loader config.",
        "3. domains/xl/*.cfg are literal xl configs: copy the ones you keep to /etc/xen.",
        "4. With libvirt: review domains/libvirt/*.xml, then run ./define-all.sh (it leaves a domain libvirt "
        "already has alone; --force replaces it).",
        "5. settings/*.add: lines to merge into /etc/xen/xl.conf and /etc/libvirt/libxl.conf.",
    ]
    if patch:
        steps.append("6. scripts.patch rewrites the scripts that call xm: cd / && git apply --check, then git apply.")
    return "\n".join(steps) + "\n"
