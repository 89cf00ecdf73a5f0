"""`xlref host scan` end to end: check the arguments, scan, render, write the bundle, pick the exit code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from xlref.exitcodes import ExitCode

TARGETS = ("xl", "virsh")


def run(root: str, *, fmt: str = "text", write: str | None = None, scripts: list[str] | None = None,
        target: str = "xl", unsafe_fixes: bool = False, progress: bool | None = None,
        stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from xlref import __version__
    from xlref.data.load import DataError, load_dataset
    from xlref.host.model import exit_code
    from xlref.host.render import FORMATS, render
    from xlref.host.scan import Options, progress_stream, scan

    out, err = stdout or sys.stdout, stderr or sys.stderr
    if fmt not in FORMATS:
        print(f"xlref host scan: unknown format {fmt!r} (choose from {', '.join(FORMATS)})", file=err)
        return int(ExitCode.USAGE)
    if target not in TARGETS:
        print(f"xlref host scan: unknown target {target!r} (choose xl or virsh)", file=err)
        return int(ExitCode.USAGE)
    if not Path(root).is_dir():
        print(f"xlref host scan: {root}: not a directory", file=err)
        return int(ExitCode.INPUT_ERROR)
    extra = [s if s.startswith("/") else "/" + s for s in scripts or []]
    try:
        data = load_dataset()
    except DataError as exc:
        print(f"xlref host scan: dataset problem:\n{exc}", file=err)
        return int(ExitCode.DATA_ERROR)
    bundle_dir = Path(write) if write else None
    if bundle_dir is not None:
        from xlref.host.bundle import BundleError, check_target

        try:
            check_target(bundle_dir, root)
        except BundleError as exc:
            print(f"xlref host scan: {exc}", file=err)
            return int(ExitCode.USAGE)
        except OSError as exc:  # the directory cannot even be looked at (a parent without search permission)
            print(f"xlref host scan: {bundle_dir}: cannot write the bundle there: {exc.strerror or exc}", file=err)
            return int(ExitCode.WRITE_ERROR)
    opts = Options(root, target, extra, fix=bundle_dir is not None, unsafe_fixes=unsafe_fixes,
                   progress=progress_stream(progress))
    try:
        report = scan(opts, data)
    except KeyboardInterrupt:
        print("\nxlref host scan: interrupted", file=err)
        return int(ExitCode.INTERRUPTED)
    if bundle_dir is not None:
        from xlref.host.bundle import BundleError, write_bundle

        try:
            written = write_bundle(report, bundle_dir, __version__)
        except BundleError as exc:
            print(f"xlref host scan: cannot write the bundle: {exc}", file=err)
            return int(ExitCode.WRITE_ERROR)
        except OSError as exc:
            where = exc.filename or bundle_dir
            print(f"xlref host scan: {where}: cannot write the bundle: {exc.strerror or exc}", file=err)
            return int(ExitCode.WRITE_ERROR)
        print(f"xlref host scan: bundle written to {bundle_dir} ({len(written)} files)", file=err)
    out.write(render(report, fmt, __version__))
    out.flush()
    return int(exit_code(report.worst()))
