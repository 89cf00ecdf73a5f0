"""Find the command a command line really runs, looking through wrappers (sudo, env, timeout, ssh, sh -c...).

This table describes how wrapper programs take their own options; it says nothing about xm itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from xlref.lint.shell import Node, literal

_ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


@dataclass(frozen=True)
class Spec:
    opts_with_arg: frozenset[str] = frozenset()
    positionals: int = 0  # words after the options that belong to the wrapper (timeout DURATION, ssh HOST)
    assignments: bool = False  # NAME=VALUE words allowed before the command (env, sudo)
    kind: str = "plain"  # plain | ssh | watch | xargs | su


def _spec(opts: str = "", positionals: int = 0, assignments: bool = False, kind: str = "plain") -> Spec:
    return Spec(frozenset(opts.split()), positionals, assignments, kind)


WRAPPERS: dict[str, Spec] = {
    "sudo": _spec("-u -g -h -p -r -t -U -C -D -T -R --user --group --host --prompt --role --type "
                  "--other-user --close-from --chdir --command-timeout --chroot", assignments=True),
    "doas": _spec("-u -C"),
    "env": _spec("-u -C -S --unset --chdir --split-string", assignments=True),
    "nice": _spec("-n --adjustment"),
    "nohup": _spec(),
    "setsid": _spec(),
    "unbuffer": _spec(),
    "time": _spec("-f -o --format --output"),
    "timeout": _spec("-s -k --signal --kill-after", positionals=1),
    "command": _spec(),
    "builtin": _spec(),
    "exec": _spec("-a"),
    "stdbuf": _spec("-i -o -e --input --output --error"),
    "ionice": _spec("-c -n -p -P -u --class --classdata"),
    "chrt": _spec(positionals=1),
    "taskset": _spec(positionals=1),
    "flock": _spec("-w -E --timeout --conflict-exit-code", positionals=1),
    "chroot": _spec("--userspec --groups", positionals=1),
    "runuser": _spec("-u -g -G --user --group --supp-group"),
    "xargs": _spec("-n -P -I -L -d -E -s -a --max-args --max-procs --replace --max-lines --delimiter "
                   "--eof --max-chars --arg-file", kind="xargs"),
    "watch": _spec("-n -d --interval --differences", kind="watch"),
    "screen": _spec("-S -c -t -p -T -h -e -L -Logfile"),
    "ssh": _spec("-b -B -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w", positionals=1, kind="ssh"),
    "su": _spec("-c -s -g -G --command --shell --group --supp-group -w --whitelist-environment", kind="su"),
}
SHELLS = frozenset({"sh", "bash", "dash", "ksh", "mksh", "zsh", "ash", "busybox"})
#: programs that ask whether a command exists (their argument is a name, not a call)
LOOKUPS = frozenset({"which", "type", "hash", "whereis"})


@dataclass
class Effective:
    """What a `command` node runs once wrappers are peeled off."""

    words: list[Node] = field(default_factory=list)  # argv from the effective command name on
    embedded: list[tuple[Node, str]] = field(default_factory=list)  # (string/word node, 'shell'|'eval')
    lookup: list[Node] = field(default_factory=list)  # names given to which/command -v/type/hash
    wrappers: list[str] = field(default_factory=list)
    partial: bool = False  # xargs: more arguments arrive on stdin
    stdin_script: bool = False  # a shell (or ssh/su) that reads its commands from stdin: `bash <<EOF`, not
    # `bash restore.sh <<EOF` or `sh -c CMD <<EOF`, where the text is data for another program


def argv(command: Node) -> list[Node]:
    name = command.child_by_field_name("name")
    out: list[Node] = []
    if name is not None:
        out.append(name.named_children[0] if name.named_child_count else name)
    out.extend(command.children_by_field_name("argument"))
    return out


def basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def _skip_options(words: list[Node], i: int, spec: Spec) -> int:
    """Index of the first word after the wrapper's options (and its own positionals)."""
    n = len(words)
    while i < n:
        w = literal(words[i])
        if w is None:
            break
        if w == "--":
            i += 1
            break
        if spec.assignments and _ASSIGN.match(w):
            i += 1
            continue
        if w.startswith("--"):
            i += 2 if ("=" not in w and w in spec.opts_with_arg) else 1
            continue
        if w.startswith("-") and len(w) > 1:
            step = 1
            for j, ch in enumerate(w[1:]):
                if f"-{ch}" in spec.opts_with_arg:
                    step = 2 if j == len(w) - 2 else 1
                    break
            i += step
            continue
        break
    return min(i + spec.positionals, n)


def _reads_stdin(words: list[Node], i: int) -> bool:
    """Does the shell words[i] read its commands from stdin: `-s`, or no script operand (and no -c)?"""
    j = i + 1
    while j < len(words):
        w = literal(words[j])
        if w is None:
            return False  # an expansion: it may be a script name
        if w in ("--", "-"):
            j += 1
            break
        if w in ("-o", "+o", "-O", "+O", "--rcfile", "--init-file"):
            j += 2
            continue
        if w.startswith("--"):
            j += 1
            continue
        if len(w) > 1 and w[0] in "-+":
            if w[0] == "-" and "s" in w[1:]:
                return True
            j += 1
            continue
        break
    return j >= len(words)


def _needs_shell(node: Node) -> bool:
    """Is a single remote/watch argument a command string (quoted, with blanks or separators)?"""
    text = literal(node)
    return node.type in ("string", "raw_string") or (text is not None and any(c in text for c in " ;|&"))


def effective(command: Node, runners: Mapping[str, str] | None = None,
              wrapper_value: Callable[[Node], str | None] | None = None) -> Effective:
    """Peel wrappers off `command`.  `runners` are the file's functions that run their arguments ('plain':
    as argv, 'eval': as a command string); `wrapper_value` names the wrapper a variable holds (`${SUDO}`)."""
    words = argv(command)
    eff = Effective()
    i = 0
    while i < len(words):
        lit = literal(words[i])
        if lit is None and wrapper_value is not None:
            lit = wrapper_value(words[i])
            if lit is not None and basename(lit) not in WRAPPERS:
                lit = None
        if lit is None:
            break
        base = basename(lit)
        if runners and base in runners and "/" not in lit:
            eff.wrappers.append(base)
            if runners[base] == "eval":
                eff.embedded.extend((w, "eval") for w in words[i + 1:])
                return eff
            i += 1
            continue
        if base in SHELLS:
            for j in range(i + 1, len(words) - 1):
                flag = literal(words[j])
                if flag is not None and flag.startswith("-") and not flag.startswith("--") and "c" in flag:
                    eff.embedded.append((words[j + 1], "shell"))
                    break
            eff.wrappers.append(base)
            eff.stdin_script = not eff.embedded and _reads_stdin(words, i)
            return eff
        if base == "eval":
            eff.embedded.extend((w, "eval") for w in words[i + 1:])
            eff.wrappers.append(base)
            return eff
        if base in LOOKUPS or (base == "command" and i + 1 < len(words) and literal(words[i + 1]) in ("-v", "-V")):
            eff.lookup = [w for w in words[i + 1:] if not (literal(w) or "").startswith("-")]
            return eff
        if base in ("test", "["):
            eff.lookup = [w for j, w in enumerate(words[i + 2:], i + 2)
                          if literal(words[j - 1]) in ("-x", "-e", "-f", "-s")]
            return eff
        spec = WRAPPERS.get(base)
        if spec is None:
            break
        eff.wrappers.append(base)
        if spec.kind == "su":
            for j in range(i + 1, len(words)):
                flag = literal(words[j]) or ""
                if flag in ("-c", "--command") and j + 1 < len(words):
                    eff.embedded.append((words[j + 1], "shell"))
            eff.stdin_script = not eff.embedded  # su's login shell reads stdin
            return eff
        i = _skip_options(words, i + 1, spec)
        rest = words[i:]
        if spec.kind == "ssh" and not rest:
            eff.stdin_script = True  # no remote command: the remote shell reads stdin
        if spec.kind in ("ssh", "watch") and len(rest) == 1 and _needs_shell(rest[0]):
            eff.embedded.append((rest[0], "shell"))
            return eff
        if spec.kind == "xargs":
            eff.partial = True
    eff.words = words[i:]
    return eff
