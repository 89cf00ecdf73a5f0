"""Typed, tracked access to a config's effective values (what the converters read).

A value that cannot be computed blocks the conversion only when the converter actually reads it: a helper
variable nobody reads (`arch = os.uname()[4]`) is reported as dropped instead of refusing the whole file.
"""

from __future__ import annotations

from xlref.config.model import Config, Unresolved, Value, unresolved_in


class ConversionError(ValueError):
    pass


class Reader:
    def __init__(self, cfg: Config, values: dict[str, Value] | None = None) -> None:
        self.cfg = cfg
        self.values: dict[str, Value] = cfg.values() if values is None else values
        self.used: set[str] = set()
        self.last: str | None = None  # the key read last: where a refusal points when it names no line

    def where(self) -> str:
        """PATH:LINE of the key read last (its effective assignment), or PATH."""
        line = next((e.span.line for e in reversed(self.cfg.entries) if e.key == self.last), 0)
        return f"{self.cfg.path}:{line}" if line else self.cfg.path

    def lookup(self, key: str) -> Value | None:
        """The value, refusing when it cannot be computed."""
        self.used.add(key)
        self.last = key
        val = self.values.get(key)
        if val is None:
            return None
        unres = unresolved_in(val)
        if unres is not None:
            line = next((e.span.line for e in reversed(self.cfg.entries) if e.key == key), 0)
            raise ConversionError(f"{self.cfg.path}:{line}: {key}: the value cannot be computed without running "
                                  f"the file ({unres.reason}); write it as a literal first")
        return val

    def raw(self, key: str) -> Value | None:
        """The value even when it is unresolved (for keys whose handling does not need it)."""
        self.used.add(key)
        self.last = key
        return self.values.get(key)

    def text(self, key: str, default: str | None = None) -> str | None:
        val = self.lookup(key)
        if val is None:
            return default
        if isinstance(val, list | Unresolved):
            raise ConversionError(f"{key}: expected a string, got a list")
        return str(val)

    def number(self, key: str, default: int | None = None) -> int | None:
        val = self.lookup(key)
        if val is None:
            return default
        if isinstance(val, bool):
            return int(val)
        if isinstance(val, int):
            return val
        if isinstance(val, float):
            return int(val)
        if isinstance(val, str):
            try:
                return int(val.strip(), 0)
            except ValueError:
                pass
        raise ConversionError(f"{key}: expected a number, got {val!r}")

    def flag(self, key: str, default: int) -> int:
        val = self.lookup(key)
        if val is None:
            return default
        if isinstance(val, str) and val.lower() in ("yes", "true", "no", "false"):
            return int(val.lower() in ("yes", "true"))
        got = self.number(key, default)
        return default if got is None else (1 if got else 0)

    def strlist(self, key: str) -> list[str]:
        val = self.lookup(key)
        if val is None:
            return []
        if isinstance(val, str):
            return [val]
        if isinstance(val, list):
            return [str(v) for v in val if isinstance(v, str | int | float)]
        raise ConversionError(f"{key}: expected a list of strings")

    def unused(self) -> list[str]:
        return [key for key in self.values if key not in self.used]
