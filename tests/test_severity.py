"""One severity per rule, everywhere: `xlref rule`, the findings of `xlref lint` and `xlref config check` in
every output format, and the dataset's config_syntax facts that name a check.  (XL513 once read "warning"
in `xlref rule` and "[info]" in `config check`: the checker overrode the registry per case.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import ROOT, SHARED
from xlref.__main__ import main
from xlref.data.load import load_path
from xlref.rules import all_rules, get

REGISTRY = {r.code: r.severity.value for r in all_rules()}
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
CONFIGS = sorted(p for d in (ROOT / "tests" / "config" / "fixtures", SHARED / "corpus" / "configs")
                 for p in d.iterdir() if p.is_file())
SCRIPTS = [ROOT / "tests" / "lint" / "fixtures", SHARED / "corpus" / "scripts"]


def test_the_corpus_is_there() -> None:
    assert len(CONFIGS) > 20 and all(d.is_dir() for d in SCRIPTS)


def test_rule_command_shows_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "--json"]) == 0
    listed = {r["code"]: r["severity"] for r in json.loads(capsys.readouterr().out)}
    assert listed == REGISTRY
    for code, severity in REGISTRY.items():
        assert main(["rule", code]) == 0
        assert capsys.readouterr().out.splitlines()[0].endswith(f"[{severity}]")


def _findings(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    main(argv)
    doc = json.loads(capsys.readouterr().out)
    findings: list[dict[str, object]] = doc["findings"]
    return findings


@pytest.mark.parametrize("command", ["config", "lint-xl", "lint-virsh"])
def test_findings_carry_the_rule_severity(capsys: pytest.CaptureFixture[str], command: str) -> None:
    if command == "config":
        argv = ["config", "check", "--format", "json", *map(str, CONFIGS)]
    else:
        argv = ["lint", "--format", "json", "--target", command.split("-")[1], *map(str, SCRIPTS)]
    findings = _findings(argv, capsys)
    assert len(findings) > 20
    wrong = {(f["code"], f["severity"]) for f in findings if f["severity"] != REGISTRY[str(f["code"])]}
    assert not wrong, f"findings whose severity is not their rule's: {sorted(wrong)}"
    sarif_argv = [a if a != "json" else "sarif" for a in argv]
    main(sarif_argv)
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert {(r["ruleId"], r["level"]) for r in results} <= {(c, SARIF_LEVEL[s]) for c, s in REGISTRY.items()}


def test_dataset_checks_agree_with_the_registry() -> None:
    """A config_syntax fact xl refuses ('no') names an error rule; one xl takes or ignores does not."""
    data = load_path(ROOT / "data" / "commands.yaml")
    facts = [f for group in data["config_syntax"].values() for f in group if f.get("check")]
    assert facts
    for fact in facts:
        rule = get(fact["check"])
        assert rule is not None, fact["id"]
        refused = fact.get("xl_accepts") == "no"
        assert (rule.severity.value == "error") == refused, (fact["id"], fact["check"], rule.severity.value)


def test_no_severity_override_left() -> None:
    """The checker's _Out.add takes no severity: the rule decides."""
    import inspect

    from xlref.config import check

    assert "severity" not in inspect.signature(check._Out.add).parameters
    assert "severity=" not in Path(check.__file__).read_text().replace("severity=rule.severity", "")
