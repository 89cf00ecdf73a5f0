"""What one text filter in a pipeline reads of the text it is given: grep, awk, cut, sed, head, tail, wc, sort,
tr, read.  Each filter becomes a short list of `Step`s; a filter the linter does not understand becomes one
`whole` step (it may look at every byte)."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: ops: skip N lines | head N | tail N | match | fields | count | exists | squeeze | whole | pass
Op = str


@dataclass(frozen=True)
class Step:
    op: Op
    n: int = 0
    pattern: str | None = None  # static pattern text (None: expands at run time, or no pattern)
    dynamic: bool = False  # the pattern contains an expansion ($dom): it stands for a value such as a name
    negate: bool = False
    field: int = 0  # match: only this field is tested (awk '$5 ~ /p/'); 0 = the whole line
    fields: tuple[int, ...] = ()  # fields: the fields passed on (-1 = the last, $NF)
    sep: str | None = None  # field separator; None = runs of blanks (awk's default)
    regex: str = "bre"  # bre | ere | fixed
    icase: bool = False
    word: bool = False
    text: str = ""  # the filter as written, for messages


def _split_short(word: str) -> list[str]:
    return [f"-{c}" for c in word[1:]] if word.startswith("-") and not word.startswith("--") else [word]


_GREP_ARG = frozenset({"-A", "-B", "-C", "-m", "-d", "-D", "--max-count", "--context"})
_GREP_WHOLE = frozenset({"-f", "-l", "-L", "-n", "-b", "-H", "-r", "-R", "-A", "-B", "-C", "-o", "-z"})


def grep(name: str, words: list[str | None], raw: list[str]) -> list[Step]:
    text = " ".join([name, *raw])
    flags: set[str] = set()
    given = False
    pat: str | None = None
    pat_raw = ""
    files = 0
    done = False
    i = 0
    while i < len(words):
        w = words[i]
        if not done and w is not None and w.startswith("-") and w != "-":
            if w == "--":
                done = True
            elif w in ("-e", "--regexp") and i + 1 < len(words):
                pat, pat_raw, given = words[i + 1], raw[i + 1], True
                i += 1
            elif w in _GREP_ARG:
                flags.add(w)
                i += 1
            else:
                flags.update([w] if w.startswith("--") else _split_short(w))
        elif not given:
            pat, pat_raw, given = w, raw[i], True
        else:
            files += 1
        i += 1
    if not given or files or flags & _GREP_WHOLE:
        return [Step("whole", text=text)]
    regex = "ere" if name == "egrep" or "-E" in flags else ("fixed" if name == "fgrep" or "-F" in flags else "bre")
    dynamic = pat is None
    match = Step("match", pattern=pat_raw.strip("\"'") if dynamic else pat, dynamic=dynamic, negate="-v" in flags,
                 regex=regex,
                 icase="-i" in flags, word="-w" in flags or "-x" in flags, text=text)
    if "-q" in flags or "--quiet" in flags:
        return [match, Step("exists", text=text)]
    if "-c" in flags or "--count" in flags:
        return [match, Step("count", text=text)]
    if "-m" in flags:
        return [match, Step("whole", text=text)]
    return [match]


_FIELD = re.compile(r"\$(\d+|NF|\(NF-\d+\))")
_NR = re.compile(r"\bNR\s*(>=|>|==|<=|<|!=)\s*(\d+)")
_FIELD_MATCH = re.compile(r"\$(\d+)\s*(!?~)\s*/((?:[^/\\]|\\.)*)/")
_FIELD_EQ = re.compile(r"\$(\d+)\s*(==|!=)\s*\"((?:[^\"\\]|\\.)*)\"")
_LINE_RE = re.compile(r"(?<![~\w)\]$])\s*(!?)\s*/((?:[^/\\\n]|\\.)+)/")
_WHOLE = re.compile(r"\$0|\bprint\s*(;|}|$|>)|\blength\b|\bg?sub\(|\bsplit\(|\bsubstr\(\$0|\bgetline\b|\bsystem\(")


def _awk_fields(program: str) -> tuple[int, ...]:
    out: list[int] = []
    for m in _FIELD.finditer(program):
        token = m.group(1)
        out.append(int(token) if token.isdigit() else -1)
    return tuple(sorted(set(out)))


def awk(words: list[str | None], raw: list[str]) -> list[Step]:
    text = " ".join(["awk", *raw])
    sep: str | None = None
    program: str | None = None
    i = 0
    while i < len(words):
        w = words[i]
        if program is None and w is not None and w.startswith("-F"):
            if len(w) > 2:
                sep = w[2:]
            elif i + 1 < len(words):
                sep = words[i + 1]
                i += 1
        elif program is None and w in ("-v",):
            i += 1
        elif program is None and w is not None and w.startswith("-") and w != "-":
            return [Step("whole", text=text)]  # -f FILE and friends: the program is elsewhere
        elif program is None:
            if w is None:
                return [Step("whole", text=text)]
            program = w
        else:
            return [Step("whole", text=text)]  # reads files, not the pipe
        i += 1
    if program is None:
        return [Step("whole", text=text)]
    if sep == " ":
        sep = None
    steps: list[Step] = []
    for m in _NR.finditer(program):
        op, n = m.group(1), int(m.group(2))
        if op in (">", ">="):
            steps.append(Step("skip", n=n if op == ">" else n - 1, text=text))
        else:
            steps.append(Step("head", n=max(n, 1), text=text))
    for m in _FIELD_MATCH.finditer(program):
        steps.append(Step("match", pattern=m.group(3), negate=m.group(2) == "!~", field=int(m.group(1)), regex="ere",
                          sep=sep, text=text))
    for m in _FIELD_EQ.finditer(program):
        steps.append(Step("match", pattern="^" + re.escape(m.group(3)) + "$", negate=m.group(2) == "!=",
                          field=int(m.group(1)), regex="ere", sep=sep, text=text))
    stripped = _FIELD_MATCH.sub(" ", _FIELD_EQ.sub(" ", program))
    for m in _LINE_RE.finditer(stripped):
        steps.append(Step("match", pattern=m.group(2), negate=m.group(1) == "!", regex="ere", text=text))
    has_action = "{" in program
    if not has_action or _WHOLE.search(program):
        steps.append(Step("whole", sep=sep, text=text))
    else:
        steps.append(Step("fields", fields=_awk_fields(_LINE_RE.sub(" ", stripped)), sep=sep, text=text))
    return steps


def _ranges(spec: str) -> tuple[int, ...] | None:
    out: list[int] = []
    for part in spec.split(","):
        if re.fullmatch(r"\d+", part):
            out.append(int(part))
        elif re.fullmatch(r"\d+-\d+", part):
            a, b = map(int, part.split("-"))
            out.extend(range(a, b + 1))
        else:
            return None  # open ranges (2-) run to the end of the line
    return tuple(out)


def cut(words: list[str | None], raw: list[str]) -> list[Step]:
    text = " ".join(["cut", *raw])
    sep, spec, chars = "\t", None, False
    i = 0
    while i < len(words):
        w = words[i]
        if w is None:
            return [Step("whole", text=text)]
        value = None
        for opt in ("-d", "-f", "-c", "-b"):
            if w == opt and i + 1 < len(words):
                value = words[i + 1]
                i += 1
            elif w.startswith(opt) and len(w) > 2:
                value = w[2:]
            else:
                continue
            if value is None:
                return [Step("whole", text=text)]
            if opt == "-d":
                sep = value
            else:
                spec, chars = value, opt in ("-c", "-b")
            break
        else:
            if not w.startswith("-"):
                return [Step("whole", text=text)]  # a file argument
        i += 1
    fields = _ranges(spec) if spec else None
    if chars or fields is None:
        return [Step("whole", text=text)]
    return [Step("fields", fields=fields, sep=sep, text=text)]


def head_tail(name: str, words: list[str | None], raw: list[str]) -> list[Step]:
    text = " ".join([name, *raw])
    count: str | None = "10"
    i = 0
    while i < len(words):
        w = words[i]
        if w is None:
            return [Step("whole", text=text)]
        if w in ("-n", "--lines") and i + 1 < len(words):
            count = words[i + 1]
            i += 1
        elif w.startswith("-n"):
            count = w[2:]
        elif re.fullmatch(r"-\d+", w):
            count = w[1:]
        elif w.startswith("+") and name == "tail":
            count = w
        elif w.startswith("-c") or not w.startswith("-"):
            return [Step("whole", text=text)]
        i += 1
    if count is None or not re.fullmatch(r"\+?\d+", count):
        return [Step("whole", text=text)]
    if count.startswith("+"):
        return [Step("skip", n=max(int(count[1:]) - 1, 0), text=text)]
    return [Step(name, n=int(count), text=text)]


def sed(words: list[str | None], raw: list[str]) -> list[Step]:
    text = " ".join(["sed", *raw])
    quiet = "-n" in words
    scripts = [w for w in words if w not in ("-n", "-e")]
    if len(scripts) != 1 or scripts[0] is None:
        return [Step("whole", text=text)]
    script = scripts[0].strip()
    m = re.fullmatch(r"(\d+)(?:,(\d+|\$))?([dp])", script)
    if m:
        first = int(m.group(1))
        last = m.group(2)
        if m.group(3) == "d" and not quiet and first == 1:
            return [Step("skip", n=int(last) if last and last != "$" else 1, text=text)]
        if m.group(3) == "p" and quiet:
            if last == "$":
                return [Step("skip", n=first - 1, text=text)]
            return [Step("skip", n=first - 1, text=text), Step("head", n=(int(last) if last else first) - first + 1,
                                                               text=text)]
    m = re.fullmatch(r"/((?:[^/\\]|\\.)*)/([dp])", script)
    if m and (m.group(2) == "d") != quiet:
        return [Step("match", pattern=m.group(1), negate=m.group(2) == "d", text=text)]
    return [Step("whole", text=text)]


def read_vars(names: list[str], used: set[str], sep: str | None) -> Step:
    """`read a b c`: each name gets one field and the last one the rest of the line; only used names count.
    `n` > 0 marks that fields from n to the end of the line are read (the last name was used)."""
    fields = tuple(i for i, name in enumerate(names, 1) if name in used)
    rest = len(names) if names and names[-1] in used else 0
    return Step("fields", fields=fields, n=rest, sep=sep, text="read " + " ".join(names))


def simple(name: str, words: list[str | None], raw: list[str]) -> list[Step]:
    """wc, sort, uniq, tr, cat and anything else."""
    text = " ".join([name, *raw])
    if name == "wc" and words in (["-l"], ["--lines"]):
        return [Step("count", text=text)]
    if name == "cat" and not words:
        return [Step("pass", text=text)]
    if name == "tr" and len(words) == 2 and words[0] == "-s" and words[1] in (" ", "[:blank:]", "[:space:]"):
        return [Step("squeeze", text=text)]
    if name in ("sort", "uniq", "tr", "tee", "xargs", "cat", "column"):
        return [Step("after-projection", text=text)]
    return [Step("whole", text=text)]
