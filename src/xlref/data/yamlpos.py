"""Map a JSON path (keys and indexes) to the line it starts on in a YAML document."""

from __future__ import annotations

from collections.abc import Iterable

import yaml


class LineMap:
    def __init__(self, text: str) -> None:
        try:
            self._root: yaml.Node | None = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            self._root = None

    def line(self, path: Iterable[str | int]) -> int:
        """1-based line of the deepest node on `path` that exists (1 when nothing does)."""
        node = self._root
        if node is None:
            return 1
        best = node.start_mark.line + 1
        for step in path:
            child = self._child(node, step)
            if child is None:
                break
            node = child
            best = node.start_mark.line + 1
        return best

    @staticmethod
    def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == step:
                    # An empty value has no useful position of its own; point at its key.
                    return value if value.start_mark.line != key.start_mark.line or value.value else key
            return None
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            child: yaml.Node = node.value[step]
            return child
        return None
