"""A table for the terminal: a header row, columns aligned, long cells wrapped inside their column so that the
whole table fits the width (80 columns unless the terminal or $COLUMNS says otherwise).

Identifiers (options, values, paths) keep their width as long as they can; the prose column (a note, a list of
findings) gives way first.  A word too long for its column is cut after a '/' (paths), '-' or the like.
"""

from __future__ import annotations

GAP = "  "
INDENT = "  "
#: no column is squeezed below this (or its header's length); the prose column keeps at least PROSE
MIN_WIDTH = 8
PROSE = 24


def _cut(word: str, width: int) -> int:
    """Where to cut a word longer than the width: after the last '/' that fits (paths), else after the last
    ',', '-', '_', '.' or ':', else at the width."""
    for marks in ("/", ",-_.:"):
        best = max(word.rfind(mark, 0, width) for mark in marks)
        if best >= width // 3:
            return best + 1
    return width


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap; words longer than the width are cut (see _cut).  Never returns an empty list."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            joined = f"{current} {word}" if current else word
            if len(joined) <= width:
                current = joined
                continue
            if current:
                lines.append(current)
            while len(word) > width:
                cut = _cut(word, width)
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def widths(headers: list[str], rows: list[list[str]], total: int, prose: int | None = None) -> list[int]:
    """Each column's natural width; while the table is too wide the prose column narrows (down to PROSE), then
    the widest of the others, one character at a time."""
    natural = [max([len(h), *(len(line) for r in rows for line in r[i].splitlines() or [""])])
               for i, h in enumerate(headers)]
    floor = [min(n, max(MIN_WIDTH, len(h))) for n, h in zip(natural, headers, strict=True)]
    if prose is not None:
        floor[prose] = min(natural[prose], max(PROSE, len(headers[prose])))
    room = total - len(INDENT) - len(GAP) * (len(headers) - 1)
    out = list(natural)
    if prose is not None and sum(out) > room:
        out[prose] = max(floor[prose], out[prose] - (sum(out) - room))
    while sum(out) > room:
        i = max(range(len(out)), key=lambda k: (out[k] - floor[k] > 0, out[k]))
        if out[i] <= floor[i]:
            break  # nothing left to narrow: the table is wider than the terminal
        out[i] -= 1
    return out


def render(headers: list[str], rows: list[list[str]], total: int = 80, prose: int | None = None) -> list[str]:
    """The table's lines: the header, a rule under it, then the rows (a wrapped cell takes more lines)."""
    cols = widths(headers, rows, total, prose)

    def line(cells: list[str]) -> str:
        return (INDENT + GAP.join(c.ljust(w) for c, w in zip(cells, cols, strict=True))).rstrip()

    out = [line(headers), line(["-" * w for w in cols])]
    for row in rows:
        wrapped = [wrap(cell, w) for cell, w in zip(row, cols, strict=True)]
        height = max(len(w) for w in wrapped)
        out += [line([w[k] if k < len(w) else "" for w in wrapped]) for k in range(height)]
    return out
