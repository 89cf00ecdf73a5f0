"""A seeded grammar of shell scripts that call xm, for the fuzz test (tests/lint/test_fuzz.py).

Every xm subcommand, alias and unique prefix of the dataset, with its options (and values); every shell
construct the linter looks through (wrappers, $(...), backticks, pipelines, lists, if/while/for/case,
functions, subshells, heredocs read by a shell or by another program, sh -c/ssh/eval strings, variables
holding xm, xend services); and the byte-level trouble found by the campaign: line continuations between
and inside words, CR-LF and lone CR, here-strings and redirections between arguments, latin-1 bytes, NUL,
and deliberate breakage (a missing `fi`, a stray `done`, `then` with only a comment, an unterminated `${`).
Scripts are generated from one integer, so a failure is reproduced from its seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from xlref.data.index import Index

VALUES = ["web1", "\"$d\"", "$dom", "512", "2", "node2", "/srv/w.chk", "/etc/xen/a.cfg", "8002", "'x y'",
          "${DOM:-db}", "caf\xe9", "0", "-1", "256M", "\"$(cat /etc/guest)\""]
WRAPPERS = ["", "", "", "sudo ", "sudo -u root ", "env LANG=C ", "nice -n 5 ", "timeout 30 ", "nohup ",
            "command ", "LC_ALL=C ", "exec ", "time ", "xargs -n1 "]
OTHER = ["echo \"checking $d\"", "sleep 1", "x=1", ":", "true", "logger -t guests ok", "cd /tmp || exit 1",
         "echo xm list", "# xm list in a comment", "echo \"xm done\" >&2", "grep \"xm \" /etc/motd",
         "ls /etc/xen/xm*", "xmllint --noout a.xml", "printf '%s\\n' 'caf\xe9'", "cat /etc/guests | wc -l",
         "[ -x /usr/sbin/xm ] || exit 0", "command -v xm >/dev/null || exit 0", "which xm", "type xm",
         "service xend restart", "/etc/init.d/xend stop", "chkconfig xend on", "pidof xend || exit 1",
         "cp /etc/xen/xend-config.sxp /tmp", "rm -rf /var/lib/xend/domains", "# xlref: disable=XL101",
         "LIST=\"xm list\"", "$LIST", "systemctl start xend.service"]
BREAK = ["fi", "done", "esac", "}", ")", "then", "if true; then\n# only a comment\nfi", "echo ${", "echo 'open",
         "echo \"open", "for m inX;do :; done", "case x in", "(", "$(", "do", "else"]


@dataclass
class Vocab:
    """Subcommand spellings and option spellings, from the dataset."""

    commands: list[tuple[str, list[tuple[str, bool]]]] = field(default_factory=list)  # (word, [(flag, arg)])


def vocabulary(data: Any) -> Vocab:
    index = Index(data)
    vocab = Vocab()
    for rec in data["commands"]:
        if rec["tool"] != "xm":
            continue
        opts = [(flag, bool(o.get("arg"))) for o in rec.get("options", []) for flag in o["flags"]]
        spellings = {rec["name"], *rec.get("aliases", [])}
        for n in range(2, len(rec["name"])):
            prefix = rec["name"][:n]
            if index.resolve("xm", prefix).record is rec:
                spellings.add(prefix)
        vocab.commands.extend((word, opts) for word in sorted(spellings))
    return vocab


class Gen:
    def __init__(self, seed: int, vocab: Vocab) -> None:
        self.r = random.Random(seed)
        self.vocab = vocab
        self.shebang = self.pick(["", "", "#!/bin/sh\n", "#!/bin/bash\n", "#!/usr/bin/env bash\n", "#!/bin/sh -e\n"])
        self.bash = not self.shebang.startswith("#!/bin/sh")  # dash has no here-strings

    def pick(self, items: list[str]) -> str:
        return self.r.choice(items)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    # -- one xm call ---------------------------------------------------------------------------------
    def words(self) -> list[str]:
        word, opts = self.r.choice(self.vocab.commands)
        out = [self.pick(["xm", "xm", "xm", "/usr/sbin/xm", "$XM", "\"$XM\"", "${XM}"]), word]
        for _ in range(self.r.randint(0, 2)):
            if opts and not self.chance(0.08):
                flag, arg = self.r.choice(opts)
                if arg and flag.startswith("--") and self.chance(0.3):
                    out.append(f"{flag}={self.pick(VALUES)}")
                else:
                    out.append(flag)
                    if arg:
                        out.append(self.pick(VALUES))
            elif self.chance(0.3):
                out.append(self.pick(["--bogus", "-Z", "--", "-"]))
        out.extend(self.pick(VALUES) for _ in range(self.r.randint(0, 3)))
        return out

    def call(self) -> str:
        words = self.words()
        if self.chance(0.15):  # a continuation, a here-string or a redirection between two words
            i = self.r.randint(1, len(words) - 1)
            words.insert(i, self.pick(["\\\n  ", "\\\r\n", "2>/dev/null", ">out", "<in", "\\\n",
                                       "<<<x" if self.bash else "\\\n"]))
        if self.chance(0.05):  # a backslash-newline inside a word
            i = self.r.randrange(len(words))
            w = words[i]
            if len(w) > 2:
                k = self.r.randint(1, len(w) - 1)
                words[i] = w[:k] + "\\\n" + w[k:]
        text = " ".join(words)
        tail = self.pick(["", "", "", "", " >/dev/null", " 2>&1", " | grep -q run", " | wc -l", " >log 2>&1",
                          " || exit 1", " && echo ok", " >o -l", " <<<data" if self.bash else ""])
        return self.pick(WRAPPERS) + text + tail

    # -- statements ----------------------------------------------------------------------------------
    def simple(self, inline: bool = False) -> str:
        """One simple command; `inline`: it is followed by more text on its line (so no comment)."""
        roll = self.r.random()
        if roll < 0.45:
            return self.call()
        if roll < 0.55:
            return f"x=$({self.call()})"
        if roll < 0.6:
            return f"n=`{self.call()}`"
        if roll < 0.65:
            inner = self.call().replace("'", "")
            return f"{self.pick(['sh -c', 'bash -c', 'ssh node2', 'watch -n 5', 'su -c', 'eval'])} '{inner}'"
        if roll < 0.7:
            inner = self.call().replace('"', "").replace("\\", "")
            return f"sh -c \"{inner}\""
        if roll < 0.75:
            return self.pick(["XM=/usr/sbin/xm", "XM=xm", "XM=\"sudo xm\"", "XM=${SBINDIR}/xm", "XM=$(which xm)"])
        return self.pick([o for o in OTHER if not (inline and o.startswith("#"))])

    def heredoc(self, depth: int) -> str:
        reader = self.pick(["cat", "bash", "sh", "bash -s", "ssh node2", "bash restore.sh", "sh -c 'cat'",
                            "mail -s report root", "sudo bash", "su -", "bash -x ./job"])
        tag = self.pick(["EOF", "'EOF'", "\"EOF\"", "\\EOF", "-EOF", "-'EOF'"])
        end = tag.lstrip("-").strip("'\"\\")
        body = "\n".join(("\t" if tag.startswith("-") else "") + self.statement(depth + 1)
                         for _ in range(self.r.randint(1, 3)))
        return f"{reader} <<{tag}\n{body}\n{end}"

    def statement(self, depth: int = 0) -> str:
        if depth > 3:
            return self.simple()
        roll = self.r.random()
        block = lambda: "\n".join(self.statement(depth + 1) for _ in range(self.r.randint(1, 3)))  # noqa: E731
        if roll < 0.5:
            return self.simple()
        if roll < 0.58:
            return f"if {self.call()} >/dev/null; then\n{block()}\nelse\n{block()}\nfi"
        if roll < 0.63:
            return f"while read -r d; do\n{block()}\ndone < /etc/guests"
        if roll < 0.68:
            return f"for d in a b $(xm list | awk '{{print $1}}'); do {self.simple(True)}; done"
        if roll < 0.73:
            return (f"case \"$1\" in\n  start) {self.simple(True)} ;;\n  stop|restart)\n{block()}\n  ;;\n"
                    "  *) exit 1 ;;\nesac")
        if roll < 0.78:
            return f"f_{self.r.randint(0, 99)}() {{\n{block()}\n}}"
        if roll < 0.82:
            return f"( {self.simple(True)} ) && {{ {self.simple(True)}; }}"
        if roll < 0.9:
            return self.heredoc(depth)
        if roll < 0.95:
            return f"{self.simple(True)} | {self.simple()}"
        return f"{self.simple(True)} && {self.simple(True)} || {self.simple()}"

    # -- the file --------------------------------------------------------------------------------------
    def script(self) -> bytes:
        lines = [self.statement() for _ in range(self.r.randint(1, 8))]
        if self.chance(0.2):
            lines.insert(self.r.randint(0, len(lines)), self.pick(BREAK))
        text = "\n".join(lines)
        text = self.shebang + text
        text += self.pick(["\n", "\n", "", "\n\n"])
        if self.chance(0.1):  # trailing blanks
            text = text.replace("\n", self.pick([" \n", "\t\n"]), self.r.randint(1, 3))
        data = text.encode("latin-1", "replace")
        if self.chance(0.08):
            data = data.replace(b"\n", b"\r\n")
        if self.chance(0.05):  # a lone CR somewhere
            k = self.r.randrange(len(data) + 1)
            data = data[:k] + b"\r" + data[k:]
        if self.chance(0.05):
            data += self.pick(["\xff\xfe", "\xe9t\xe9"]).encode("latin-1")
        if self.chance(0.01):
            data += b"\0"
        return data
