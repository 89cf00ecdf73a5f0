"""The host wing's only door into the lint and config wings, through their public faces (xlref.lint.api,
xlref.config.api): the functions their own front ends use (`xlref config check/convert`: read_config,
check_config, to_xl_text, to_libvirt_xml; `xlref lint`: Linter, fix_source, looks_like_shell)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xlref.findings import Finding
from xlref.host.model import Conversion

if TYPE_CHECKING:
    from xlref.data.load import Dataset
    from xlref.lint.api import Judge, Linter


@dataclass
class DomainResult:
    dialect: str  # xm | xl | sxp
    name: str | None
    keys: list[str]
    values: dict[str, object]
    findings: list[Finding] = field(default_factory=list)
    xl: Conversion = field(default_factory=lambda: Conversion(False))
    libvirt: Conversion = field(default_factory=lambda: Conversion(False))


def _conversion_errors() -> tuple[type[Exception], ...]:
    from xlref.config.api import ConversionError, FormatError, SpecError

    return ConversionError, SpecError, FormatError, ValueError


def decode(raw: bytes, path: str) -> str | None:
    """Text of a config file, or None when it is binary."""
    from xlref.config.api import InputError
    from xlref.config.api import decode as config_decode

    try:
        return config_decode(raw, path)
    except InputError:
        return None


def check_domain(text: str, path: str) -> DomainResult:
    """`xlref config check` on one config, then both conversions (`config convert --to xl|libvirt`)."""
    from xlref.config.api import check_config, detect, read_config, to_libvirt_xml, to_xl_text

    if looks_like_xml(text):
        return _libvirt_domain(text)
    cfg = read_config(text, path)
    values = cfg.values()
    name = values.get("name")
    # the tool whose meaning the file has (`config check -v`), not only its syntax: a literal file may be xm's
    result = DomainResult(detect(cfg).format, name if isinstance(name, str) else None, sorted(cfg.keys()),
                          dict(values), check_config(cfg))
    errors = _conversion_errors()
    for attr, convert in (("xl", to_xl_text), ("libvirt", to_libvirt_xml)):
        try:
            out = convert(cfg)
        except errors as exc:
            setattr(result, attr, Conversion(False, error=" ".join(str(exc).split())))
        else:
            setattr(result, attr, Conversion(True, out.text, list(out.warnings)))
    return result


def looks_like_xml(text: str) -> bool:
    from xlref.config.api import looks_like_xml as config_looks_like_xml

    return config_looks_like_xml(text)


def _libvirt_domain(text: str) -> DomainResult:
    """A libvirt domain XML kept beside the xm configs: already what libvirt imports; its xl.cfg is what
    `config convert --from libvirt --to xl` writes (like `virsh domxml-to-native`)."""
    from xlref.config.api import XmlError, from_libvirt

    result = DomainResult("libvirt", None, [], {})
    errors: tuple[type[Exception], ...] = (XmlError, *_conversion_errors())
    try:
        out = from_libvirt(text, "xl")
    except errors as exc:
        error = " ".join(str(exc).split())
        result.xl = result.libvirt = Conversion(False, error=f"invalid libvirt XML: {error}")
        return result
    result.name = out.name
    result.xl = Conversion(True, out.text, list(out.warnings))
    result.libvirt = Conversion(True, text if text.endswith("\n") else text + "\n")
    return result


def looks_like_domain(text: str) -> bool:
    """A config file rather than a README, a script or an xend settings file (`config convert DIR`'s rule)."""
    from xlref.config.api import looks_like_domain as config_looks_like_domain

    return config_looks_like_domain(text)


def not_a_config(name: str) -> str | None:
    """Why a file of this name under /etc/xen is no domain config (`config convert DIR`'s rule), or None."""
    from xlref.config.api import not_a_config as config_not_a_config

    return config_not_a_config(name)


def is_example(name: str) -> bool:
    from xlref.config.api import is_example as config_is_example

    return config_is_example(name)


def store_layout() -> tuple[str, str, str, frozenset[str]]:
    """(/etc/xen, its auto-start directory, xend's managed-domain store, directories that hold no config)."""
    from xlref.config.api import AUTO_DIR, MANAGED_DIR, SKIP_DIRS, XEN_DIR

    return XEN_DIR, AUTO_DIR, MANAGED_DIR, SKIP_DIRS


def managed_config(store: str, entry: str) -> str:
    from xlref.config.api import managed_config as config_managed_config

    return config_managed_config(store, entry)


class SxpSyntaxError(ValueError):
    """Text xend's SXP reader refuses (see xlref.config.sxpread)."""

    def __init__(self, line: int, detail: str) -> None:
        super().__init__(f"line {line}: {detail}")
        self.line, self.detail = line, detail


def sxp_forms(text: str) -> list[tuple[int, object]]:
    """The top-level expressions of an SXP text as plain strings and lists, each with its line: the config wing's
    reader, the one xlref reads domain SXP with."""
    from xlref.config.api import SxpError, parse_sxp, plain

    try:
        return [(node.line, plain(node)) for node in parse_sxp(text)]
    except SxpError as exc:
        raise SxpSyntaxError(exc.line, exc.detail) from exc


def looks_like_shell(path: str, head: bytes) -> bool:
    from pathlib import Path

    from xlref.lint.api import looks_like_shell as lint_looks_like_shell

    return lint_looks_like_shell(Path(path), head)


class Scripts:
    """Lint and fix shell scripts with one reusable Linter (the lint engine's dataset index is built once), judged
    by the shell as `xlref lint` judges them: a script bash (or dash, for #!/bin/sh) refuses gets the shell's own
    XL904 and no fixes, and a rewrite the shell would refuse is withheld."""

    def __init__(self, data: Dataset, target: str) -> None:
        from xlref.lint.api import Linter, Settings

        self.linter: Linter = Linter(data, Settings(target=target))

    def _judge(self, path: str) -> Judge:
        from xlref.lint.api import Judge

        return Judge(path, report=self.linter.settings.enabled("XL904"))

    def lint(self, path: str, raw: bytes) -> list[Finding]:
        from xlref.lint.api import JudgeUnavailable, lint_judged

        def lint(text: bytes) -> list[Finding]:
            return self.linter.lint(path, text)

        try:
            return lint_judged(raw, lint, self._judge(path))[0]
        except JudgeUnavailable:  # no shell to judge with: tree-sitter's view alone, as the library does
            return lint(raw)

    def fix(self, path: str, raw: bytes, unsafe: bool) -> tuple[bytes, list[Finding], bool]:
        """(fixed bytes, findings left, abandoned: the fixed text did not parse so nothing was applied)."""
        from xlref.lint.api import JudgeUnavailable, fix_source

        def lint(text: bytes) -> list[Finding]:
            return self.linter.lint(path, text)

        try:
            res = fix_source(raw, lint, unsafe, self._judge(path))
        except JudgeUnavailable:
            return raw, lint(raw), True  # nothing is rewritten that no shell has judged
        if res.error:
            return raw, res.initial, True
        return res.source, res.remaining, res.abandoned


def unified_diff(sources: dict[str, bytes], fixed: dict[str, bytes]) -> bytes:
    """git-apply-able diff, paths relative to the host's / (shared report module)."""
    from xlref.report.diff import unified_bytes

    return unified_bytes(sources, fixed)
