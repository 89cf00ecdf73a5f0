"""Generated Markdown: golden pages from the mini dataset, coverage of every record, no dead links."""

from __future__ import annotations

import copy
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import check_golden
from xlref.data.load import Dataset
from xlref.site.argv import target_call
from xlref.site.build import hand_links, main, site_files
from xlref.site.command import render_command
from xlref.site.model import Site, page_path
from xlref.site.render import code, md
from xlref.site.rules import render_rule

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
DOCS = HERE.parents[1] / "docs"
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING_ID = re.compile(r"\{#([A-Za-z0-9_-]+)\}")
HTML_ID = re.compile(r'<span class="xlref-anchor" id="([A-Za-z0-9_-]+)"></span>')


@dataclass
class FakeRule:
    code: str = "XL999"
    name: str = "fake-rule"
    severity: str = "warning"
    summary: str = "A rule that only exists in tests."
    explanation: str = "Checks `xm frob` calls.\n\nSecond paragraph with a [link](https://example.invalid/)."
    example_before: str = "xm frob web01 | grep '<x>'\n\nxm frob db01"
    example_after: str = "xl frob web01 | grep '<x>'\n\nxl frob db01"
    fix: str = "unsafe"


GOLDEN_PAGES = {
    "xm-migrate.md": "xm/migrate.md",
    "xl-mem-set.md": "xl/mem-set.md",
    "virsh-setmem.md": "virsh/setmem.md",
    "xm-balloon.md": "xm/balloon.md",
    "xm-index.md": "xm/index.md",
    "compare-changed.md": "compare/changed.md",
    "compare-removed.md": "compare/removed.md",
    "compare-xend.md": "compare/xend.md",
    "compare-changed-options.md": "compare/changed-options.md",
    "compare-index.md": "compare/index.md",
    "xl-index.md": "xl/index.md",
    "features.md": "features.md",
    "xen2libvirt.md": "xen2libvirt.md",
    "links.md": "links.md",
    "topics.md": "topics.md",
}


@pytest.mark.parametrize("golden", sorted(GOLDEN_PAGES))
def test_golden_pages(site_data: Dataset, golden: str) -> None:
    files = site_files(site_data)
    check_golden(GOLDEN / golden, files[GOLDEN_PAGES[golden]])


def test_golden_rule_page() -> None:
    check_golden(GOLDEN / "rule-xl999.md", render_rule(FakeRule()))


def test_rule_pages_listed(mini_data: Dataset) -> None:
    files = site_files(mini_data, [FakeRule()])
    assert "rules/xl999.md" in files
    assert "[XL999](xl999.md)" in files["rules/index.md"]
    assert "```` sh" not in files["rules/xl999.md"]  # backtick-free examples keep a plain fence


def test_no_rules_still_has_an_index(mini_data: Dataset) -> None:
    assert "no rule pages yet" in site_files(mini_data, [])["rules/index.md"]


@pytest.mark.parametrize("which", ["mini", "real"])
def test_every_record_and_alias_has_a_page(mini_data: Dataset, which: str) -> None:
    from xlref.data.load import load_dataset

    data = mini_data if which == "mini" else load_dataset()
    files = site_files(data)
    for rec in data["commands"]:
        page = files[page_path(rec["tool"], rec["name"])]
        assert f"# {rec['tool']} {rec['name']}" in page.replace("\\", "")
        assert f"api/commands/{rec['tool']}/{rec['name']}.json" in files
        for other in [*rec.get("aliases", []), *rec.get("former_names", [])]:
            assert page_path(rec["tool"], other) in files


def link_problems(files: dict[str, str], prefix: str = "") -> list[str]:
    """Every relative link in the generated Markdown must hit a generated file (and heading id)."""
    problems = []
    for src, text in files.items():
        if not src.endswith(".md"):
            continue
        for target in LINK.findall(text):
            if "://" in target or target.startswith("mailto:"):
                continue
            path, _, anchor = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else src
            if resolved.startswith("../"):
                if not (DOCS / "ref" / resolved).resolve().exists():
                    problems.append(f"{src}: {target} (outside the generated folder, missing)")
                continue
            if resolved not in files:
                problems.append(f"{src}: {target}")
            elif anchor and anchor not in HEADING_ID.findall(files[resolved]) + HTML_ID.findall(files[resolved]):
                problems.append(f"{src}: {target} (no such heading id)")
    return problems


@pytest.mark.parametrize("which", ["mini", "real"])
def test_every_link_target_exists(mini_data: Dataset, which: str) -> None:
    from xlref.data.load import load_dataset

    data = mini_data if which == "mini" else load_dataset()
    files = site_files(data, [FakeRule()], hand_links(DOCS, "ref"))
    assert link_problems(files) == []


def test_hand_pages_link_only_existing_pages(mini_data: Dataset) -> None:
    files = site_files(mini_data, [FakeRule()], hand_links(DOCS, "ref"))
    missing = []
    for md_file in sorted(DOCS.glob("*.md")):
        for target in LINK.findall(md_file.read_text(encoding="utf-8")):
            path = target.partition("#")[0]
            if "://" in target or not path:
                continue
            ok = path.removeprefix("ref/") in files if path.startswith("ref/") else (DOCS / path).exists()
            if not ok:
                missing.append(f"{md_file.name}: {target}")
    assert missing == []


def test_guide_commands_are_in_the_real_dataset() -> None:
    from xlref.data.load import load_dataset

    data = load_dataset()
    if len(data["commands"]) < 200:
        pytest.skip("data/commands.yaml still holds the small starter set")
    keys = {(r["tool"], r["name"]) for r in data["commands"]}
    assert [k for k in hand_links(DOCS, "ref") if k not in keys] == []


def test_config_keys_page(mini_data: Dataset) -> None:
    assert "no config keys yet" in site_files(mini_data)["config/index.md"]
    data = copy.deepcopy(mini_data)
    source = [{"repo": "xen-project/xen", "ref": "RELEASE-4.4.4", "path": "tools/python/xen/xm/create.py"}]
    data["config_keys"] = [
        {"tool": "xm", "key": "bootargs", "status": "removed", "value_type": "string", "summary": "S.",
         "rename": ["bootloader_args"], "libvirt": "/domain/bootloader_args", "sources": source},
        {"tool": "xm", "key": "vcpus", "status": "unchanged", "value_type": "int", "summary": "V.", "sources": source},
        {"tool": "xl", "key": "type", "status": "new", "value_type": "enum", "summary": "T.", "first_release": "4.10",
         "value_change": {"from": "linux", "to": "pv"}, "documented": False, "sources": source},
    ]
    files = site_files(data)
    xm, xl = files["config/xm.md"], files["config/xl.md"]
    assert '| <span class="xlref-anchor" id="key-bootargs"></span><code class="xlref-nw">bootargs</code> |' in xm
    assert '<code class="xlref-nw">bootloader_args</code> | <code class="xlref-nw">/domain/bootloader_args</code>' in xm
    assert '<code class="xlref-nw">vcpus</code> (same)' in xm
    assert "| 4.10+ |" in xl and 'Values: <code class="xlref-nw">linux</code> → <code class="xlref-nw">pv</code>.' in xl
    assert "Not in xl.cfg(5)" in xl
    assert "[xm keys](xm.md)" in files["config/index.md"] and "| 2: 1 unchanged, 0 changed, 1 removed |" in files[
        "config/index.md"]


def test_text_is_escaped(mini_data: Dataset) -> None:
    data = copy.deepcopy(mini_data)
    rec = data["commands"][0]
    rec["summary"] = "Use <script>alert(1)</script> | *not* a table [x](y)"
    rec["notes"] = ["a_b_c & <b>"]
    page = render_command(Site.build(data), rec)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "\\| \\*not\\* a table \\[x\\](y)" in page
    assert "a\\_b\\_c &amp; &lt;b&gt;" in page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("mem-*  and\nmore", "mem-\\* and more"),
        ("<x> & 'y'", "&lt;x&gt; &amp; &#39;y&#39;"),
        ("a|b", "a\\|b"),
        ("run `xl -N cd-insert` <now>", 'run <code class="xlref-nw">xl -N cd-insert</code> &lt;now&gt;'),
        ("one ` tick", "one \\` tick"),
    ],
)
def test_md_filter(text: str, expected: str) -> None:
    assert str(md(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a|b <c>", '<code class="xlref-nw">a&#124;b &lt;c&gt;</code>'),
        ("driver_domain", '<code class="xlref-nw">driver_domain</code>'),
        ("--ignore-global-affinity-masks", '<code class="xlref-nw">--ignore-global-affinity-masks</code>'),
        ("-i, --ignore-global-affinity-masks",
         '<code><span class="xlref-nw">-i,</span> <span class="xlref-nw">--ignore-global-affinity-masks</span></code>'),
        ("/domain/devices/graphics/@passwd",
         '<code><span class="xlref-nw">/</span><wbr><span class="xlref-nw">domain/</span><wbr>'
         '<span class="xlref-nw">devices/</span><wbr><span class="xlref-nw">graphics/</span><wbr>'
         '<span class="xlref-nw">@passwd</span></code>'),
    ],
)
def test_code_never_breaks_inside_a_word(text: str, expected: str) -> None:
    """Short code is one unbreakable unit; long code may wrap only at spaces and after / , | (never at `-`)."""
    assert str(code(text)) == expected


@pytest.mark.parametrize(
    ("repl", "expected"),
    [
        ({"command": "mem-set", "fix": "safe"}, "xl mem-set <DOMAIN> <MEMORY>"),
        (
            {
                "command": "setmem",
                "fix": "safe",
                "args": [{"pos": 1}, {"pos": 2, "unit": {"from": "MiB", "suffix": "M"}}],
            },
            "virsh setmem <DOMAIN> <MEMORY>M",
        ),
        (
            {"command": "save", "fix": "none", "args": [{"pos": 1}, {"placeholder": "<FILE>"}, {"literal": "--x"}]},
            "virsh save <DOMAIN> <FILE> --x",
        ),
        (
            # xm mem-set has no option virsh would take: no "[options]" for the options item
            {"command": "c", "fix": "safe", "args": [{"options": True}, {"pos": 2}, {"rest": True}]},
            "virsh c <MEMORY>",
        ),
        ({"command": "c", "fix": "safe", "args": [{"pos": 2, "optional": True}]}, "virsh c [<MEMORY>]"),
    ],
)
def test_target_call(mini_data: Dataset, repl: dict[str, object], expected: str) -> None:
    source = Site.build(mini_data).get("xm", "mem-set")
    assert source is not None
    tool = expected.split()[0]
    assert target_call(source, tool, repl) == expected


def test_main_writes_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "ref"
    out.parent.mkdir()
    mini_path = HERE.parents[0] / "fixtures" / "mini.yaml"
    assert main(["--out", str(out), "--data", str(mini_path)]) == 0
    assert (out / "xm" / "migrate.md").is_file()
    assert (out / ".gitignore").read_text() == "*\n"
    data = json.loads((out / "api" / "commands.json").read_text())
    assert data["api_version"] == 1 and len(data["commands"]) == 13
    index = json.loads((out / "api" / "index.json").read_text())
    assert {"tool": "xm", "name": "migrate"}.items() <= index["commands"][0].items()
    assert "wrote" in capsys.readouterr().out
    (out / "stale.md").write_text("old")
    assert main(["--out", str(out), "--data", str(mini_path)]) == 0
    assert not (out / "stale.md").exists()


def test_main_refuses_foreign_folder(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "precious.md").write_text("keep")
    with pytest.raises(SystemExit):
        main(["--out", str(out), "--data", str(HERE.parents[0] / "fixtures" / "mini.yaml")])
    assert (out / "precious.md").exists()


def test_main_needs_the_parent_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mini_path = HERE.parents[0] / "fixtures" / "mini.yaml"
    assert main(["--out", str(tmp_path / "nowhere" / "ref"), "--data", str(mini_path)]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_main_reports_bad_data(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\n")
    assert main(["--out", str(tmp_path / "ref"), "--data", str(bad)]) == 3
