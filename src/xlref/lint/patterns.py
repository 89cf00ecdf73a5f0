"""grep/awk/sed patterns as Python regexes, and which parts of a format's lines a pattern can touch."""

from __future__ import annotations

import re
from functools import cache

from xlref.lint.filters import Step

_CLASSES = {"[:space:]": r"\s", "[:blank:]": r" \t", "[:digit:]": "0-9", "[:alpha:]": "A-Za-z",
            "[:alnum:]": "A-Za-z0-9", "[:upper:]": "A-Z", "[:lower:]": "a-z", "[:punct:]": r"!-/:-@\[-`{-~"}
#: characters that may appear in a pattern about xm/xl state letters
_STATE_CHARS = frozenset("rbpscdwS-.")


def _bre_to_ere(p: str) -> str:
    out, i = [], 0
    while i < len(p):
        c = p[i]
        if c == "\\" and i + 1 < len(p) and p[i + 1] in "(){}|+?":
            out.append(p[i + 1])
            i += 2
            continue
        if c in "(){}|+?":
            out.append("\\" + c)
        elif c == "\\" and i + 1 < len(p):
            out.append(p[i:i + 2])
            i += 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


@cache
def compile_pattern(pattern: str, kind: str = "bre", icase: bool = False, word: bool = False) -> re.Pattern[str] | None:
    """The pattern as grep would match it, or None when it cannot be translated."""
    if kind == "fixed":
        text = re.escape(pattern)
    else:
        text = _bre_to_ere(pattern) if kind == "bre" else pattern
        for cls, repl in _CLASSES.items():
            text = text.replace(cls, repl)
    if word:
        text = rf"(?<![A-Za-z0-9_])(?:{text})(?![A-Za-z0-9_])"
    try:
        return re.compile(text, re.IGNORECASE if icase else 0)
    except re.error:
        return None


def step_regex(step: Step) -> re.Pattern[str] | None:
    if step.pattern is None or step.dynamic:
        return None
    return compile_pattern(step.pattern, step.regex, step.icase, step.word)


def state_positions(pattern: str) -> set[int] | None:
    """The positions of a six-letter state field (r-----) a pattern tests, or None when the pattern is not
    about state letters.  '^--p' tests positions 0-2; an unanchored 'p' tests every position where a 'p' can
    show (worked out by the caller from the letters)."""
    body = pattern.strip()
    if not body or not set(body) <= _STATE_CHARS | set("^$()|[]"):
        return None
    if body.startswith("^"):
        alternatives = [a.strip("()") for a in body[1:].strip("()").split("|")] if "|" in body else [
            body[1:].replace("(", "").replace(")", "")]
        positions: set[int] = set()
        for alt in alternatives:
            alt = alt.rstrip("$")
            if "[" in alt:
                return None
            positions.update(i for i, c in enumerate(alt) if c != ".")
        return positions
    return {-1}  # unanchored: the caller maps each letter to the positions it can appear at


def letters_in(pattern: str) -> set[str]:
    return {c for c in pattern if c.isalpha()}


def looks_like_value(step: Step) -> bool:
    """A pattern that stands for one value (a domain name, a MAC, a variable): no regex operators beyond
    anchors and a trailing blank."""
    if step.dynamic:
        return True
    if step.pattern is None:
        return False
    core = step.pattern.strip("^$ ").replace("\\.", ".")
    return len(core) > 1 and re.fullmatch(r"[A-Za-z0-9_.:/@+-]+", core) is not None
