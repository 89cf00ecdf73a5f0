"""Entry point.  `xlref lookup` is the hot path, so plain lookups skip importing typer/click (which cost
several times Python's own start-up); anything unusual falls through to the typer app."""

from __future__ import annotations

import sys


def fast_lookup_args(argv: list[str]) -> tuple[str, str, list[str], bool, str | None, bool] | None:
    """Parse `lookup TOOL COMMAND [ARGS...] [--json] [--full] [--xen V]`, or return None to let typer do it."""
    if len(argv) < 3 or argv[0] != "lookup":
        return None
    rest = argv[1:]
    if any(a in ("--help", "-h", "--") or a.startswith("--xen=") for a in rest):
        return None
    as_json, full, xen, words = False, False, None, []
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--json":
            as_json = True
        elif arg == "--full":
            full = True
        elif arg == "--xen":
            if i + 1 >= len(rest):
                return None
            xen = rest[i + 1]
            i += 1
        else:
            words.append(arg)
        i += 1
    if len(words) < 2 or words[0].startswith("-") or words[1].startswith("-"):
        return None
    return words[0], words[1], words[2:], as_json, xen, full


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(sys.argv[1:] if argv is None else argv)
    except BrokenPipeError:
        # `xlref ... | head` closed the pipe: not an error; silence the flush at exit.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


def _run(args: list[str]) -> int:
    fast = fast_lookup_args(args)
    if fast is not None:
        from xlref.lookup.actions import run_lookup

        tool, command, rest, as_json, xen, full = fast
        return run_lookup(tool, command, rest, as_json=as_json, xen=xen, full=full)
    from xlref.cli import app

    try:
        app(args=args, prog_name="xlref", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
