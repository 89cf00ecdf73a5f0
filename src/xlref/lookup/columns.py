"""Width-aware layouts for lists: `ls`-style grids of names and tables whose last column wraps."""

from __future__ import annotations

#: narrowest the wrapped last column of a table may get before it moves under its row
MIN_LAST = 24


def grid(words: list[str], width: int) -> list[str]:
    """Words in as many columns as fit in `width`, filled down the columns like `ls`."""
    if not words:
        return []
    cell = max(len(w) for w in words) + 2
    cols = max(1, width // cell)
    rows = -(-len(words) // cols)
    out = []
    for r in range(rows):
        line = "".join(words[c * rows + r].ljust(cell) for c in range(cols) if c * rows + r < len(words))
        out.append(line.rstrip())
    return out


def table(headers: list[str], rows: list[list[str]], width: int) -> list[str]:
    """Columns as wide as their widest cell (header included); the last column takes the rest of `width`
    and wraps under itself, so no line is longer than `width` unless one word is.  When the other columns
    leave it less than MIN_LAST, the last column goes under each row instead, indented."""
    from xlref.lookup.render_text import wrap

    fixed = len(headers) - 1
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(fixed)]
    indent = sum(w + 2 for w in widths)
    below = width - indent < MIN_LAST
    out = []
    for row in [headers, *rows]:
        head = "".join(cell.ljust(w + 2) for cell, w in zip(row, widths, strict=False))
        if below:
            out.append((head + (row[-1] if row is headers else "")).rstrip())
            if row is not headers and row[-1]:
                out += wrap(row[-1], width, "    ", "    ")
            continue
        # wrap() puts one space between the cells and the text
        lines = wrap(row[-1], width, head[:-1], " " * indent) if row[-1] else [head]
        out += [line.rstrip() for line in lines]
    return out
