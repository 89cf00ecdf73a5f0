"""How a replacement is typed, spelled one way for every face: lookup, lint messages, the site and JSON.

A value the user has to supply is written `<NAME>`, NAME taken from the source command's usage synopsis
(its `arguments`, else the capitalised words of `usage`, else virsh's `[--name] <type>` positionals), and
a unit goes outside the brackets: `virsh setmem <DOMAIN> <MEMORY>M`.  `placeholder` items in the dataset
use the same spelling ("--type bridge --source <BRIDGE> [--mac <MAC>]"); `fill` puts a user's values in,
a positional by its name and a key=value word by its key in capitals (bridge=xenbr0 fills <BRIDGE>), and
drops an optional [...] group it has no value for.

Plain string work only (no regular expressions on the lookup start-up path).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    Record = Mapping[str, Any]

#: synopsis word standing for the mapped options
OPTIONS = "[options]"


def placeholder(name: str, unit: Mapping[str, Any] | None = None) -> str:
    """`<NAME>`, with a unit suffix outside the brackets (`<MEMORY>M`)."""
    key, sep, value = name.partition("=")
    if sep:  # KEY=VALUE: the key is typed as is
        return f"{key}={placeholder(value, unit)}"
    if unit and unit.get("to") and not unit.get("suffix"):
        return f"<{name}_IN_{str(unit['to']).upper()}>"
    return f"<{name}>" + (str(unit.get("suffix", "")) if unit else "")


def usage_args(rec: Record) -> list[str]:
    """The usage line's words after the tool and command names."""
    words = str(rec.get("usage", "")).split()
    if words and words[0] == rec["tool"]:
        words = words[1:]
    if words and words[0] == rec["name"]:
        words = words[1:]
    return words


def _is_name(word: str) -> bool:
    return bool(word) and word[0].isalpha() and all(c.isalnum() or c in "_-=" for c in word)


def _virsh_positionals(words: list[str]) -> list[tuple[str, bool]]:
    """virsh prints an option that may be given without its flag as `[--name] <type>` (`[[--name] <type>]`
    when it is optional)."""
    names = []
    for i, word in enumerate(words[:-1]):
        bare = word.lstrip("[")
        if bare.startswith("--") and bare.endswith("]") and words[i + 1].startswith("<"):
            names.append((bare[2:].rstrip("]").replace("-", "_").upper(), not word.startswith("[[")))
    return names


def _takes_value(rec: Record, flag: str) -> bool:
    return any(flag in o["flags"] and o.get("arg") for o in rec.get("options", []))


def _positionals(rec: Record) -> list[tuple[str, bool]]:
    """(name, required) of the source command's positionals, in order, as the usage synopsis spells them."""
    if rec.get("arguments"):  # virsh names its arguments in lower case: one spelling, <NAME>
        return [(str(a["name"]).upper(), a.get("required") is not False) for a in rec["arguments"]]
    words = usage_args(rec)
    if rec["tool"] == "virsh":
        if words:
            return _virsh_positionals(words)
        return [(str(o["arg"]), True) for o in rec.get("options", []) if o.get("required") and o.get("arg")]
    names = []
    value_of_flag = False
    for token in words:
        word = token.strip("[]<>.,|")
        if value_of_flag:  # `[-d DOMAIN ...]`: DOMAIN is -d's value, not a positional
            value_of_flag = False
            continue
        if token.startswith(("-", "[-")):
            value_of_flag = not token.endswith("]") and _takes_value(rec, token.strip("[]").split("|")[0])
            continue
        if not _is_name(word):
            continue
        if word.isupper() and word != "OPTIONS":  # `[OPTIONS]` stands for the options, not a value
            names.append((word, not token.startswith("[")))
    return names


def positional_names(rec: Record) -> list[str]:
    """The source command's positional names, in order, as the usage synopsis spells them."""
    return [name for name, _ in _positionals(rec)]


def missing_words(rec: Record, given: int) -> list[str]:
    """Placeholders for the required positionals after the first `given` (a call typed without them)."""
    return [placeholder(name) for name, required in _positionals(rec)[given:] if required]


def options_carry_over(source: Record, tool: str) -> bool:
    """Whether any option of `source` is typed on `tool` (kept or renamed there): only then does the synopsis
    offer `[options]` (`xl getenforce`, not `xl getenforce [options]`, for xm's `-?`)."""
    return any(opt.get("replacements", {}).get(tool, {}).get("action") in ("keep", "rename")
               for opt in source.get("options", []))


def _argument(rec: Record, index: int) -> Mapping[str, Any]:
    args = rec.get("arguments") or []
    return args[index] if index < len(args) else {}


def _synopsis_word(rec: Record, index: int, name: str, required: bool) -> str:
    word = placeholder(name)
    if _argument(rec, index).get("repeat"):
        word += "..."
    return word if required else f"[{word}]"


def _synopsis_words(rec: Record, start: int = 0) -> list[str]:
    """The source's positionals from `start` on, as a synopsis.  virsh's optional `[[--name] <type>]` words are
    options that may go without their flag, not positionals another tool takes: they are left out."""
    return [_synopsis_word(rec, i, name, required) for i, (name, required) in enumerate(_positionals(rec))
            if i >= start and (required or rec["tool"] != "virsh")]


def bindings(source: Record, positionals: Sequence[str | None]) -> dict[str, str]:
    """Placeholder name -> value, from the positional words of a call of `source` (None: a word whose value
    is not known, which binds nothing but keeps the later words at their positions)."""
    values: dict[str, str] = {}
    names = positional_names(source)
    for i, word in enumerate(positionals):
        if word is None:
            continue
        if i < len(names) and "=" not in names[i]:
            values.setdefault(names[i], word)
        key, sep, value = word.partition("=")
        if sep and key and _is_name(key):
            values.setdefault(key.upper(), value)
    return values


def _names_in(text: str) -> list[str]:
    found = []
    start = text.find("<")
    while start >= 0:
        end = text.find(">", start)
        if end < 0:
            break
        found.append(text[start + 1:end])
        start = text.find("<", end)
    return found


def _substitute(text: str, values: Mapping[str, str]) -> str:
    for name in _names_in(text):
        if name in values:
            text = text.replace(f"<{name}>", values[name], 1)
    return text


def fill(template: str, values: Mapping[str, str] | None) -> str:
    """Put `values` into a placeholder template; without values the template is returned unchanged."""
    if values is None:
        return template
    out = []
    rest = template
    while "[" in rest and "]" in rest[rest.index("["):]:
        start = rest.index("[")
        end = rest.index("]", start)
        out.append(_substitute(rest[:start], values))
        group = rest[start + 1:end]
        names = _names_in(group)
        if not names:
            out.append(f"[{group}]")
        elif all(n in values for n in names):
            out.append(_substitute(group, values))
        rest = rest[end + 1:]
    out.append(_substitute(rest, values))
    return " ".join("".join(out).split())


_FACTOR = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}


def with_unit(value: str, unit: Mapping[str, Any]) -> str:
    """A typed value in the target's unit: a bare number gets the suffix (or is converted); a value that
    already carries a unit is passed on as it is."""
    if not value.isdigit():
        return value
    if unit.get("suffix"):
        return value + str(unit["suffix"])
    if unit.get("to"):
        return str(int(value) * _FACTOR[unit["from"]] // _FACTOR[unit["to"]])
    return value


def call_words(tool: str, repl: Record, source: Record, positionals: list[str] | None = None,
               options: list[str] | None = None) -> list[str]:
    """The words of `tool repl.command ...`: the synopsis with `<NAME>` placeholders, or, given a call's
    positional words and its options already spelled for the target, that call rewritten."""
    if repl.get("command") is None:
        return []
    names = positional_names(source)
    words = [tool, str(repl["command"])]
    items = repl.get("args")
    typed = positionals is not None
    given = positionals or []
    if items is None:  # same layout as the source
        if typed:
            return [*words, *(options or []), *given]
        if options_carry_over(source, tool):
            words.append(OPTIONS)
        return words + _synopsis_words(source)
    values = bindings(source, given) if typed else None
    highest = max((int(i["pos"]) for i in items if "pos" in i), default=0)
    for item in items:
        if "pos" in item:
            index = int(item["pos"]) - 1
            if index < len(given):
                words.append(with_unit(given[index], item["unit"]) if item.get("unit") else given[index])
            elif not (typed and item.get("optional")):
                name = names[index] if index < len(names) else f"VALUE{index + 1}"
                word = placeholder(name, item.get("unit"))
                words.append(f"[{word}]" if item.get("optional") else word)
        elif item.get("rest"):
            if typed:
                words.extend(given[highest:])
            else:
                words.extend(_synopsis_words(source, highest))
        elif item.get("options"):
            words.extend(options or [] if typed else [OPTIONS] if options_carry_over(source, tool) else [])
        elif "literal" in item:
            words.append(str(item["literal"]))
        elif "placeholder" in item:
            words.append(fill(str(item["placeholder"]), values))
    return [w for w in words if w]


def render_call(tool: str, repl: Record, source: Record, positionals: list[str] | None = None,
                options: list[str] | None = None) -> str:
    """`virsh setmem <DOMAIN> <MEMORY>M` (or the call with its values); "" when there is no command."""
    return " ".join(call_words(tool, repl, source, positionals, options))


def is_placeholder_name(name: str) -> bool:
    """NAME of a `<NAME>`: upper-case letters, digits and underscores, starting with a letter."""
    return bool(name) and name[0].isalpha() and name.isupper() and all(c.isalnum() or c == "_" for c in name)


def template_problems(text: str) -> list[str]:
    """Why a rendered call template breaks the one spelling: every `<...>` must be a NAME."""
    return [f"<{name}> is not a NAME (upper case, digits and _)" for name in _names_in(text)
            if not is_placeholder_name(name)]


def placeholder_problems(text: str) -> list[str]:
    """Why a dataset placeholder template breaks the one spelling (empty when it is fine)."""
    problems = []
    names = _names_in(text)
    if not names:
        problems.append("names no <VALUE> to supply")
    outside = text
    for name in names:
        outside = outside.replace(f"<{name}>", " ")
        if not is_placeholder_name(name):
            problems.append(f"<{name}> is not a NAME (upper case, digits and _)")
    for word in outside.replace("[", " ").replace("]", " ").replace("=", " ").split():
        bare = word.strip(".,:/")
        if len(bare) > 1 and bare.isupper() and bare.replace("_", "").isalpha():
            problems.append(f"bare {bare} (write <{bare}>)")
    return problems
