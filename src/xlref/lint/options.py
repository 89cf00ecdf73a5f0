"""An xm call's options: split them from the positionals with the xm record, and write each for the target
as its `replacements[target]` says (keep / rename / drop / none / config, `repeat`, `older` releases)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xlref.data.index import option_by_flag
from xlref.data.releases import available
from xlref.data.releases import key as rkey
from xlref.lint.model import Arg, Item, Plan
from xlref.lint.values import txt, with_unit


@dataclass
class Opt:
    flag: str
    record: Any
    first: int  # index into call.args
    last: int
    inline: str | None  # value given as --flag=value
    bundled: bool = False  # one letter of `-aw`


@dataclass
class Split:
    opts: list[Opt] = field(default_factory=list)
    pos: list[int] = field(default_factory=list)  # indexes of positionals
    unknown: list[int] = field(default_factory=list)  # indexes of flags the record does not know


def _bundle(v: str, record: Any) -> list[tuple[str, Any]] | None:
    """`-aw` is getopt's `-a -w`: the letters when each is a known flag that takes no value."""
    letters = [(f"-{c}", option_by_flag(record, f"-{c}")) for c in v[1:]]
    if all(o is not None and not o.get("arg") for _, o in letters):
        return letters
    return None


def split(args: list[Arg], record: Any) -> Split:
    out = Split()
    i, n, ended = 1, len(args), False
    while i < n:
        v = args[i].value
        if ended or v is None or not v.startswith("-") or v == "-":
            out.pos.append(i)
            i += 1
            continue
        if v == "--":
            ended = True
            i += 1
            continue
        flag, _, inline = v.partition("=")
        opt = option_by_flag(record, flag)
        if opt is None and not v.startswith("--") and len(v) > 2:
            opt = option_by_flag(record, v[:2])  # -p8002
            if opt is not None and opt.get("arg"):
                flag, inline = v[:2], v[2:]
            else:
                opt = None
                letters = _bundle(v, record)
                if letters is not None:
                    out.opts.extend(Opt(f, o, i, i, None, bundled=True) for f, o in letters)
                    i += 1
                    continue
        if opt is None:
            out.unknown.append(i)
            i += 1
            continue
        takes = bool(opt.get("arg")) and not opt.get("arg_optional") and not inline
        last = min(i + 1, n - 1) if takes else i
        out.opts.append(Opt(flag, opt, i, last, inline or None))
        i = last + 1
    return out


def pick_flag(flags: list[str], source: str) -> str:
    long_src = source.startswith("--")
    for f in flags:
        if f.startswith("--") == long_src:
            return f
    return flags[0]


class OptionMapper:
    def __init__(self, target: str, release: str | None) -> None:
        self.target = target
        self.release = release

    def _older(self, release: str | None, since: str | None) -> bool:
        return bool(self.target == "xl" and release and since and rkey(release) < rkey(since))

    def replacement(self, o: Opt, tgt: Any) -> dict[str, Any]:
        orep = (o.record.get("replacements") or {}).get(self.target)
        if orep is None:
            tflag = option_by_flag(tgt, o.flag) if tgt is not None else None
            if tflag is not None or o.record.get("status") in (None, "unchanged"):
                return {"action": "keep", "fix": "safe"}
            return {"action": "none", "fix": "none", "why": "the dataset gives no mapping for it"}
        if self._older(self.release, orep.get("since")) and orep.get("older"):
            return {**orep["older"], "since": None}
        return dict(orep)

    def map(self, args: list[Arg], opts: list[Opt], tgt: Any, plan: Plan, side: list[Item],
            source: bytes) -> dict[int, list[str]]:
        """Index of each option's first arg -> the words written for it (empty: dropped)."""
        out: dict[int, list[str]] = {}
        bundles: dict[int, list[str]] = {}
        for o in opts:
            out.setdefault(o.first, [])
            text = self._one(args, o, tgt, plan, side, source)
            if text:
                out[o.first].append(text)
            if o.bundled:
                bundles.setdefault(o.first, []).append(o.flag)
        for i, flags in bundles.items():
            if out[i] == flags:  # every letter kept as it was: keep the bundle as written
                out[i] = [txt(args[i].raw)]
        return out

    def _one(self, args: list[Arg], o: Opt, tgt: Any, plan: Plan, side: list[Item], source: bytes) -> str:
        a, z = args[o.first], args[o.last]
        raw_flag = o.flag
        value_raw = o.inline if o.inline is not None else (txt(z.raw) if o.last > o.first else None)
        value_val = o.inline if o.inline is not None else (z.value if o.last > o.first else None)
        orep = self.replacement(o, tgt)
        action, ofix = orep["action"], orep["fix"]
        where = (a.start, z.end)
        code = f"opt:{raw_flag}"
        why = orep.get("why") or orep.get("note") or ""
        if action in ("none", "config"):
            rule = "XL203" if action == "none" else "XL204"
            msg = f"option {raw_flag} has no {self.target} equivalent" + (f": {why}" if why else "")
            plan.block(rule, msg)
            side.append(Item(rule, *where, msg))
            return ""
        if self._older(self.release, orep.get("since")):
            msg = f"option {raw_flag}: its xl form needs Xen {orep['since']}"
            plan.block("XL206", msg)
            side.append(Item("XL206", *where, msg))
            return ""
        if ofix == "unsafe":
            plan.worsen("unsafe", code, f"{raw_flag}: {why}" if why else f"{raw_flag} behaves differently")
        elif ofix == "none":
            plan.block(code, why)
        if action == "drop":
            side.append(Item("XL202", *where, f"option {raw_flag} is dropped for {self.target}"
                             + (f": {why}" if why else "")))
            return ""
        new_flag = raw_flag if action == "keep" else pick_flag(orep["flags"], raw_flag)
        if tgt is not None and self.target == "xl":
            topt = option_by_flag(tgt, new_flag)
            if topt is not None and not (self.release is None or available(topt, self.release, tgt)):
                msg = f"option {new_flag} of xl is not in Xen {self.release}"
                plan.block("XL206", msg)
                side.append(Item("XL206", *where, msg))
                return ""
        if value_raw is not None and orep.get("unit"):
            value_raw = with_unit(value_raw, value_val, orep["unit"], plan)
        repeat = int(orep.get("repeat", 1))
        if action == "keep" and not orep.get("unit") and repeat == 1 and not o.bundled:
            rendered = txt(source[a.start:z.end])
        elif value_raw is None:
            rendered = " ".join([new_flag] * repeat)
        elif o.inline is not None and new_flag.startswith("--"):
            rendered = f"{new_flag}={value_raw}"
        else:
            rendered = f"{new_flag} {value_raw}"
        if (action == "rename" and new_flag != raw_flag) or repeat > 1:
            side.append(Item("XL201", *where, f"option {raw_flag} is {rendered} on {self.target}"
                             + (f": {why}" if why else "")))
        return rendered
