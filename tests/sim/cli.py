"""Command-line parsing as each tool does it, with the option lists taken from the dataset's records.

- xm: Python's getopt.gnu_getopt per subcommand (options may follow operands); errors print `Error: <getopt
  message>` and the usage, exit 1 (tools/python/xen/xm/main.py, RELEASE-4.4.4: err() then usage()).
- xl: getopt_long with opterr = 0 (permuting); an unknown option prints "option `%c' not supported." and exits 2;
  too few operands print "'xl CMD' requires at least N argument(s)." and the help, exit 2 (tools/xl/xl_utils.c
  def_getopt, RELEASE-4.22.0).
- virsh: vshCommandParse; `--opt value`, `--opt=value`, operands fill the options that may be given without
  their name, in order (tools/vsh.c, libvirt 11.3.0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


class UsageError(Exception):
    """The tool rejects its command line: `stderr` and `stdout` are what it prints, `code` its exit status."""

    def __init__(self, stderr: str, code: int, stdout: str = "") -> None:
        super().__init__(stderr)
        self.stderr, self.code, self.stdout = stderr, code, stdout


@dataclass
class Parsed:
    opts: list[tuple[str, str | None]] = field(default_factory=list)  # (canonical flag, value)
    args: list[str] = field(default_factory=list)
    canon: dict[str, str] = field(default_factory=dict)  # any spelling -> canonical flag

    def has(self, *flags: str) -> bool:
        want = {self.canon.get(f, f) for f in flags}
        return any(c in want for c, _ in self.opts)

    def count(self, *flags: str) -> int:
        want = {self.canon.get(f, f) for f in flags}
        return sum(1 for c, _ in self.opts if c in want)

    def value(self, *flags: str) -> str | None:
        want = {self.canon.get(f, f) for f in flags}
        found = [v for c, v in self.opts if c in want]
        return found[-1] if found else None


def release_key(release: str) -> tuple[int, ...]:
    return tuple(int(p) for p in release.split("."))


def _in_release(rec: dict[str, Any], release: str | None) -> bool:
    if release is None:
        return not rec.get("last_release")
    key = release_key(release)
    first, last = rec.get("first_release"), rec.get("last_release")
    if first and key < release_key(first):
        return False
    return not (last and key > release_key(last))


def option_table(spec: dict[str, Any], release: str | None = None) -> tuple[dict[str, bool], dict[str, str]]:
    """(flag -> takes a value, flag -> canonical flag) for the options present at `release`."""
    takes: dict[str, bool] = {}
    canon: dict[str, str] = {}
    for opt in spec.get("options", []):
        if not _in_release(opt, release):
            continue
        for flag in opt["flags"]:
            takes[flag] = bool(opt["arg"])
            canon[flag] = opt["flags"][0]
    return takes, canon


def gnu_getopt(argv: list[str], takes: dict[str, bool], canon: dict[str, str], permute: bool = True,
               python: bool = True) -> Parsed:
    """GNU-style parsing; raises ValueError with the message Python's getopt (python=True) or glibc gives."""
    out = Parsed(canon=canon)
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            out.args.extend(argv[i + 1:])
            break
        if word.startswith("--") and len(word) > 2:
            name, eq, inline = word.partition("=")
            matches = [f for f in takes if f.startswith("--") and f.startswith(name)]
            exact = name if name in takes else (matches[0] if len(matches) == 1 else None)
            if exact is None:
                if len(matches) > 1:
                    raise ValueError(f"option {name} not a unique prefix")
                raise ValueError(f"option {name} not recognized")
            if takes[exact]:
                if not eq:
                    if i + 1 >= len(argv):
                        raise ValueError(f"option {exact} requires argument")
                    i += 1
                    inline = argv[i]
                out.opts.append((canon[exact], inline))
            elif eq:
                raise ValueError(f"option {exact} must not have an argument")
            else:
                out.opts.append((canon[exact], None))
        elif word.startswith("-") and len(word) > 1:
            j = 1
            while j < len(word):
                flag = "-" + word[j]
                if flag not in takes:
                    raise ValueError(f"option {flag} not recognized" if python else word[j])
                if takes[flag]:
                    rest = word[j + 1:]
                    if not rest:
                        if i + 1 >= len(argv):
                            raise ValueError(f"option {flag} requires argument" if python else word[j])
                        i += 1
                        rest = argv[i]
                    out.opts.append((canon[flag], rest))
                    break
                out.opts.append((canon[flag], None))
                j += 1
        else:
            if not permute:
                out.args.extend(argv[i:])
                break
            out.args.append(word)
        i += 1
    return out


# -- virsh ---------------------------------------------------------------------------------------------------
_POSITIONAL = re.compile(r"\[(?:\[)?(--[A-Za-z0-9-]+)\] <")


def virsh_parse(cmd: str, argv: list[str], spec: dict[str, Any]) -> Parsed:
    """vshCommandParse for one command: raises UsageError with virsh's message (exit 1)."""
    takes, canon = option_table(spec)
    kinds = {f: o["arg"] for o in spec.get("options", []) for f in o["flags"]}
    positional = [m.group(1) for m in _POSITIONAL.finditer(spec.get("usage", ""))]
    out = Parsed(canon=canon)
    given: set[str] = set()
    i = 0
    only_data = False
    while i < len(argv):
        word = argv[i]
        if not only_data and word == "--":
            only_data = True
        elif not only_data and word.startswith("--") and len(word) > 2:
            name, eq, inline = word.partition("=")
            if name not in takes:
                raise UsageError(f"error: command '{cmd}' doesn't support option {name}\n", 1)
            if takes[name]:
                if not eq:
                    if i + 1 >= len(argv):
                        kind = "number" if kinds.get(name) == "number" else "string"
                        raise UsageError(f"error: expected syntax: {canon[name]} <{kind}>\n", 1)
                    i += 1
                    inline = argv[i]
                out.opts.append((canon[name], inline))
            elif eq:
                raise UsageError(f"error: invalid '=' after option {canon[name]}\n", 1)
            else:
                out.opts.append((canon[name], None))
            if canon[name] in given:
                raise UsageError(f"error: option {canon[name]} already seen\n", 1)
            given.add(canon[name])
        else:
            slot = next((p for p in positional if canon.get(p, p) not in given), None)
            if slot is None:
                raise UsageError(f"error: unexpected data '{word}'\n", 1)
            out.opts.append((canon[slot], word))
            given.add(canon[slot])
        i += 1
    for opt in spec.get("options", []):
        name = opt["flags"][0]
        if opt.get("required") and name not in given:
            shown = f"<{name[2:]}>" if name in positional else name
            raise UsageError(f"error: command '{cmd}' requires {shown} option\n", 1)
    return out
