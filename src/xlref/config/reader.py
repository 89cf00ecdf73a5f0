"""Typed, tracked access to a config's effective values (what the converters read)."""

from __future__ import annotations

from xlref.config.model import Config, Unresolved, Value, unresolved_in


class _Tracked(dict[str, Value]):
    """A dict that remembers which keys were looked up, so unused keys can be reported."""

    def __init__(self, data: dict[str, Value]) -> None:
        super().__init__(data)
        self.used: set[str] = set()

    def get(self, key: str, default: Value | None = None) -> Value | None:  # type: ignore[override]
        self.used.add(key)
        return super().get(key, default)


class ConversionError(ValueError):
    pass


class Reader:
    def __init__(self, cfg: Config) -> None:
        self.values = _Tracked(cfg.values())
        for key, value in self.values.items():
            unres = unresolved_in(value)
            if unres is not None:
                raise ConversionError(f"{key}: the value cannot be computed without running the file "
                                      f"({unres.reason}); write it as a literal first")

    def raw(self, key: str) -> Value | None:
        return self.values.get(key)

    def text(self, key: str, default: str | None = None) -> str | None:
        val = self.values.get(key)
        if val is None:
            return default
        if isinstance(val, list | Unresolved):
            raise ConversionError(f"{key}: expected a string, got a list")
        return str(val)

    def number(self, key: str, default: int | None = None) -> int | None:
        val = self.values.get(key)
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
        val = self.values.get(key)
        if val is None:
            return default
        if isinstance(val, str) and val.lower() in ("yes", "true", "no", "false"):
            return int(val.lower() in ("yes", "true"))
        got = self.number(key, default)
        return default if got is None else (1 if got else 0)

    def strlist(self, key: str) -> list[str]:
        val = self.values.get(key)
        if val is None:
            return []
        if isinstance(val, str):
            return [val]
        if isinstance(val, list):
            return [str(v) for v in val if isinstance(v, str | int | float)]
        raise ConversionError(f"{key}: expected a list of strings")
