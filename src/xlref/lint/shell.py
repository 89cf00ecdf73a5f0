"""tree-sitter-bash plumbing: one parser, literal values of words, error regions, byte -> line/column."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

import tree_sitter
import tree_sitter_bash

from xlref.report.lines import Lines, column

Node = tree_sitter.Node
Tree = tree_sitter.Tree


@cache
def parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))


def parse(source: bytes) -> Tree:
    return parser().parse(source)


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C and i + 1 < len(raw):  # backslash
            if raw[i + 1] != 0x0A:  # backslash-newline joins lines
                out.append(raw[i + 1])
            i += 2
            continue
        out.append(c)
        i += 1
    return bytes(out)


def literal(node: Node) -> str | None:
    """The value the shell gives `node` when it is static text (quotes removed), else None."""
    kind = node.type
    text = node.text or b""
    if kind in ("word", "number"):
        if b"$" in text or b"`" in text or text[:1] == b"~":
            return None
        if b"\\" in text:
            text = _unescape(text)
        return text.decode("utf-8", "surrogateescape")
    if kind == "raw_string":
        return text[1:-1].decode("utf-8", "surrogateescape")
    if kind == "string":
        parts = []
        for child in node.children:
            if child.type == '"':
                # tree-sitter-bash folds whitespace-only content into the closing quote: `" "` is ['"', ' "']
                parts.append((child.text or b'"')[:-1].decode("utf-8", "surrogateescape"))
                continue
            if child.type != "string_content":
                return None
            raw = child.text or b""
            if b"\\" in raw:
                return None
            parts.append(raw.decode("utf-8", "surrogateescape"))
        return "".join(parts)
    if kind == "concatenation":
        pieces = [literal(c) for c in node.named_children]
        if any(p is None for p in pieces):
            return None
        return "".join(p for p in pieces if p is not None)
    return None


_EXPANSIONS = frozenset({"simple_expansion", "expansion", "command_substitution", "arithmetic_expansion",
                         "process_substitution"})


def shape(node: Node) -> str:
    """The word as the shell builds it, with every expansion written as a single `$` (quotes removed):
    `"file:$ISO"` -> `file:$`, `$1` -> `$`.  Data rules about argument values match against this."""
    kind = node.type
    if kind in _EXPANSIONS:
        return "$"
    if kind in ("string", "concatenation"):
        return "".join(shape(c) for c in node.named_children)
    if kind == "string_content":
        return (node.text or b"").decode("utf-8", "surrogateescape")
    lit = literal(node)
    return "$" if lit is None else lit


def splits(node: Node) -> bool:
    """Does the shell split this word into fields (an unquoted expansion), so it may become several words?"""
    if node.type in _EXPANSIONS:
        return True
    if node.type == "concatenation":
        return any(c.type in _EXPANSIONS for c in node.named_children)
    return False


def enclosing(root: Node, start: int, end: int, kinds: Collection[str]) -> Node | None:
    """The innermost node over bytes [start, end) whose type is one of `kinds` (None when none encloses them)."""
    node = root.descendant_for_byte_range(start, end)
    while node is not None and node.type not in kinds:
        node = node.parent
    return node


def error_ranges(tree: Tree, source: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the top-level statements that contain a syntax error, widened to whole lines
    (empty when the file parses)."""
    root = tree.root_node
    if not root.has_error:
        return []
    out = []
    for child in root.children:
        if child.has_error or child.type == "ERROR" or child.is_missing:
            start = source.rfind(b"\n", 0, child.start_byte) + 1
            end = source.find(b"\n", child.end_byte)
            out.append((start, len(source) if end < 0 else end))
    if not out:
        out.append((0, len(source)))
    return out


def error_count(tree: Tree) -> int:
    """Number of ERROR/MISSING nodes, walking only into subtrees that contain one."""
    count = 0
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            count += 1
        stack.extend(c for c in node.children if c.has_error or c.is_missing)
    return count


class LineIndex(Lines):
    """Map byte offsets to 1-based (line, column); columns count decoded characters, a tab counts one.

    Small files are answered by counting newlines (C speed, nothing to build); large ones get the table of
    line starts on first use."""

    SMALL = 32_768

    def position(self, offset: int) -> tuple[int, int]:
        src = self.source
        if len(src) > self.SMALL:
            return super().position(offset)
        line_start = src.rfind(b"\n", 0, offset) + 1
        return src.count(b"\n", 0, line_start) + 1, column(src[line_start:offset])
