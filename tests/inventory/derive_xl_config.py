#!/usr/bin/env python3
"""Derive which domain config keys xl's parser reads at every release, from Xen's source code.

For every tag RELEASE-4.1.0 ... RELEASE-4.22.0 of a local Xen git mirror (read with git, nothing checked out
or built) this script takes the xl C sources (``tools/libxl/xl*.c`` up to 4.8, ``tools/xl/xl*.c`` from 4.9),
finds ``parse_config_data`` (the domain config parser behind ``xl create``) and every function of those files
it calls, directly or through other helpers, and collects the key names passed to libxlutil's readers:
``xlu_cfg_get_string/long/bounded_long/defbool/list/list_as_string_list`` and ``xlu_cfg_replace_string``
with a string literal as the key.  Keys read by other parsers (``cpupool-create``'s own config file, which
also has ``name`` and ``cpus``; ``xl.conf``) are not reachable from ``parse_config_data`` and so not counted.

Output: ``tests/inventory/xl_config.json``: ``{"releases": {"4.1": [keys...], ...}, "keys": {key: [first,
last|null]}}``, where ``last`` is null when the newest release still reads the key.  tests/test_config_keys_
inventory.py compares the dataset's xl ``config_keys`` against it.

Usage::

    python tests/inventory/derive_xl_config.py [--repo PATH] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from derive_xl import DEFAULT_REPO, RELEASES, block_at, read_sources, xl_dir  # sibling script

DEFAULT_OUT = Path(__file__).with_name("xl_config.json")
ENTRY = "parse_config_data"

# A function definition at the start of a line: return type words, the name, a parameter list, then a body.
_DEF = re.compile(r"^[A-Za-z_][\w \t*]*?\b(\w+)\s*\(([^;{}()]|\([^()]*\))*\)\s*\{", re.M)
_CALL = re.compile(r"\b(\w+)\s*\(")
# A macro that pastes its argument onto a key: `#define parse_extra_args(type) ... "device_model_args"#type`
_PASTE = re.compile(r"#\s*define\s+(\w+)\s*\(\s*(\w+)\s*\)((?:[^\n]*\\\n)*[^\n]*)")
_KEY = re.compile(
    r"\bxlu_cfg_(?:get_string|get_long|get_bounded_long|get_defbool|get_list|get_list_as_string_list"
    r"|replace_string)\s*\(\s*[\w*&>.-]+\s*,\s*\"([a-z][a-z0-9_]*)\""
)


def functions(sources: dict[str, str]) -> dict[str, str]:
    """Name -> body of every function defined in the sources (the first definition wins)."""
    out: dict[str, str] = {}
    for src in sources.values():
        for m in _DEF.finditer(src):
            name = m.group(1)
            if name in ("if", "while", "for", "switch", "return", "sizeof") or name in out:
                continue
            out[name] = block_at(src, m.end() - 1)
    return out


def reachable(defs: dict[str, str], entry: str) -> list[str]:
    """`entry` and every defined function it calls, transitively, in discovery order."""
    seen = [entry]
    todo = [entry]
    while todo:
        for callee in _CALL.findall(defs[todo.pop()]):
            if callee in defs and callee not in seen:
                seen.append(callee)
                todo.append(callee)
    return seen


def keys_at(repo: str, release: str) -> list[str]:
    tag = f"RELEASE-{release}.0"
    sources = read_sources(repo, tag, xl_dir(repo, tag))
    defs = functions(sources)
    if ENTRY not in defs:
        raise LookupError(f"{ENTRY} not found at {tag}")
    bodies = [defs[name] for name in reachable(defs, ENTRY)]
    keys = {k for body in bodies for k in _KEY.findall(body)}
    for body in bodies:
        for macro, param, text in _PASTE.findall(body):
            pasted = re.search(r'xlu_cfg_\w+\s*\(\s*\w+\s*,\s*"([a-z0-9_]+)"\s*#\s*' + param + r"\b", text)
            if pasted:
                for suffix in re.findall(r"\b" + macro + r"\s*\(\s*(\w*)\s*\)\s*;", body):
                    keys.add(pasted.group(1) + suffix)
    return sorted(keys)


def spans(releases: dict[str, list[str]]) -> dict[str, list[str | None]]:
    """key -> [first release, last release or None]; a key that disappears and comes back keeps its first."""
    order = list(releases)
    out: dict[str, list[str | None]] = {}
    for rel in order:
        for key in releases[rel]:
            out.setdefault(key, [rel, None])
            out[key][1] = rel
    newest = order[-1]
    for key, (first, last) in out.items():
        out[key] = [first, None if last == newest else last]
    return dict(sorted(out.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", default=DEFAULT_REPO, help="Xen git mirror (bare ok)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON file to write")
    args = ap.parse_args(argv)
    releases = {rel: keys_at(args.repo, rel) for rel in RELEASES}
    doc = {
        "tool": "xl",
        "source": {"repo": "xen-project/xen", "ref": "RELEASE-4.N.0 (per release)", "entry": ENTRY},
        "releases": releases,
        "keys": spans(releases),
    }
    args.out.write_text(json.dumps(doc, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
