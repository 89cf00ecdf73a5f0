"""The site's data sections agree with the rest of the project: examples rewrite exactly as `xlref lint --fix` does,
seed notes match the seed inventory, the feature matrix matches the command records, the quick-lookup data resolves
as `xlref lookup` does, and the generated tables count what they show."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from tests.support import ROOT, lint_fix
from xlref.data.load import Dataset, load_path
from xlref.site.build import site_files
from xlref.site.examples import ExampleEngine
from xlref.site.lookup import lookup_data
from xlref.site.model import Site

DATA = ROOT / "data" / "commands.yaml"
SEED = ROOT / "tests" / "inventory" / "seed.json"


@cache
def real() -> Dataset:
    return load_path(DATA)


@cache
def real_files() -> dict[str, str]:
    return site_files(real())


def all_examples() -> list[tuple[str, str]]:
    return [(cmd, ex["call"]) for cmd, exs in real().get("examples", {}).items() for ex in exs]


# --- examples ---------------------------------------------------------------------------------------------------

def test_every_xm_command_has_two_or_three_examples() -> None:
    xm = {r["name"] for r in real()["commands"] if r["tool"] == "xm"}
    examples = real().get("examples", {})
    assert set(examples) == xm
    assert all(2 <= len(v) <= 3 for v in examples.values())


@pytest.mark.parametrize("target", ["xl", "virsh"])
def test_examples_rewrite_as_xlref_lint_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    """The page's rewrite of each example is what `xlref lint --fix` writes (safe), or `--fix --unsafe-fixes`
    (unsafe); where the page says none, neither changes the line."""
    from xlref.data.load import load_catalog, load_dataset

    load_catalog.cache_clear()
    load_dataset.cache_clear()
    monkeypatch.setenv("XLREF_DATA", str(DATA))
    calls = [call for _, call in all_examples()]
    safe = lint_fix(tmp_path, calls, target, unsafe=False)
    unsafe = lint_fix(tmp_path, calls, target, unsafe=True)
    engine = ExampleEngine(real())
    wrong = []
    for call, by_safe, by_unsafe in zip(calls, safe, unsafe, strict=True):
        rw = engine.rewrite(call, target)
        expected = {
            "safe": (rw.line, rw.line),
            "unsafe": (call, rw.line),
            "none": (call, call),
        }[rw.fix]
        if (by_safe, by_unsafe) != expected:
            wrong.append(f"{call!r}: page says {rw.fix} {rw.line!r}; lint --fix wrote {by_safe!r}, "
                         f"with --unsafe-fixes {by_unsafe!r}")
    assert not wrong, "\n".join(wrong)
    load_catalog.cache_clear()
    load_dataset.cache_clear()


def test_example_findings_explain_every_missing_or_unsafe_rewrite() -> None:
    engine = ExampleEngine(real())
    silent = []
    for _, call in all_examples():
        for target in ("xl", "virsh"):
            rw = engine.rewrite(call, target)
            if rw.fix != "safe" and not rw.findings:
                silent.append(f"{call} ({target}, {rw.fix})")
    assert silent == []


# --- seed notes -------------------------------------------------------------------------------------------------

def test_seed_notes_match_the_seed_inventory() -> None:
    """Every row tests/inventory/seed.json marks stale has a note in the data, with the seed's own status."""
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    rows = [r for sec in seed["sections"].values() for r in sec["rows"]]

    def seed_status(key: str) -> set[str]:
        tool, command, *flag = key.split()
        option = flag[0] if flag else None
        exact = {r["seed_status"] for r in rows if (r["tool"], r["command"], r["option"]) == (tool, command, option)}
        return exact or {r["seed_status"] for r in rows if (r["tool"], r["command"]) == (tool, command)}

    notes = {n["row"]: n for n in real()["seed"]["notes"]}
    assert set(notes) == set(seed["stale"])
    assert {k: n["seed_status"] for k, n in notes.items() if {n["seed_status"]} != seed_status(k)} == {}


def test_seed_notes_reach_the_pages() -> None:
    """Each note is on its command's page and on the comparison page that lists its row."""
    from xlref.site.render import md

    files = real_files()
    compare = "".join(text for path, text in files.items() if path.startswith("compare/"))
    missing = []
    for note in real()["seed"]["notes"]:
        tool, name = note["row"].split()[:2]
        text = str(md(note["note"]))
        if text not in files[f"{tool}/{name}.md"] or text not in compare:
            missing.append(note["row"])
    assert missing == []


# --- feature matrix -------------------------------------------------------------------------------------------

def test_feature_releases_agree_with_the_command_records() -> None:
    """A feature's xl `since` agrees with the xl commands it links to: commands xl added for it (status new) start
    in that release, older ones no later."""
    from xlref.data.releases import key

    by_key = {(r["tool"], r["name"]): r for r in real()["commands"]}
    wrong = []
    for feat in real()["features"]:
        since = feat["xl"].get("since")
        for ref in feat.get("see_also", []):
            tool, _, name = ref.partition(":")
            rec = by_key[(tool, name)]
            first = rec.get("first_release", "4.1")
            if tool != "xl" or not since:
                continue
            if (rec["status"] == "new" and first != since) or key(first) > key(since):
                wrong.append(f"{feat['id']}: since {since}, but xl {name} ({rec['status']}) starts in {first}")
    assert wrong == []


def test_feature_matrix_names_the_seed_gaps() -> None:
    ids = {f["id"] for f in real()["features"]}
    assert {"managed-domains", "python-configs", "sxp-configs", "shared-disks", "pvscsi", "pvusb",
            "hvm-direct-kernel", "relocation-server", "management-api"} <= ids
    for feat in real()["features"]:
        for tool in ("xm", "xl", "libvirt"):
            refs = {s["ref"] for s in feat[tool]["sources"]}
            assert refs, feat["id"]
            if tool == "libvirt":
                assert refs == {"v11.3.0"}, feat["id"]
            else:
                assert all(r.startswith("RELEASE-4.") for r in refs), feat["id"]


# --- quick lookup -----------------------------------------------------------------------------------------------

def words_to_try(data: Dataset) -> list[tuple[str, str]]:
    """Every prefix of every name and alias of every tool (the browser test feeds them to lookup.js)."""
    out = set()
    for rec in data["commands"]:
        for word in [rec["name"], *rec.get("aliases", [])]:
            for n in range(1, len(word) + 1):
                out.add((rec["tool"], word[:n]))
    return sorted(out)


def test_lookup_data_holds_what_resolution_needs() -> None:
    """lookup.json carries, per tool, the CLI's prefix minimum and every name, alias and xl release range (the
    browser test checks that lookup.js resolves every word as Index.resolve does)."""
    from xlref.data.index import PREFIX_MIN

    doc = lookup_data(Site.build(real()))
    for tool, t in doc["tools"].items():
        assert t["prefix_min"] == PREFIX_MIN.get(tool)
        recs = [r for r in real()["commands"] if r["tool"] == tool]
        assert sorted(t["commands"]) == sorted(r["name"] for r in recs)
        assert t["aliases"] == {a: r["name"] for r in recs for a in r.get("aliases", [])}
        for rec in recs:
            cmd = t["commands"][rec["name"]]
            assert (cmd.get("first"), cmd.get("last")) == (rec.get("first_release"), rec.get("last_release"))
            assert cmd["page"] == f"ref/{tool}/{rec['name']}/"
    assert doc["xl_releases"] == real()["releases"]["xl"]


def test_lookup_anchors_exist_on_the_pages() -> None:
    doc = lookup_data(Site.build(real()))
    files = real_files()
    missing = []
    for tool, t in doc["tools"].items():
        for name, cmd in t["commands"].items():
            page = files[f"{tool}/{name}.md"]
            missing += [f"{tool} {name} {flag}" for flag, anchor in cmd["options"].items()
                        if f'id="{anchor}"' not in page]
    assert missing == []


def _target_exists(files: dict[str, str], href: str) -> bool:
    """`ref/config/xm/#key-vif` names a generated page and an id (raw HTML anchor or `{#id}` heading) on it."""
    path, _, anchor = href.removeprefix("ref/").partition("#")
    page = files.get(path.rstrip("/") + ".md") or files.get(path + "index.md")
    return page is not None and (not anchor or f'id="{anchor}"' in page or "{#" + anchor + "}" in page)


def test_lookup_pages_of_keys_xend_and_topics_exist() -> None:
    """Every config key, piece of xend and topic the quick lookup offers lands on a row or section that exists."""
    doc = lookup_data(Site.build(real()))
    files = real_files()
    hrefs = [h["page"] for hits in doc["keys"].values() for h in hits]
    hrefs += [h["page"] for t in doc["topics"] for h in [t["hit"], *t["more"]]]
    assert set(doc["keys"]) >= {k["key"].lower() for k in real()["config_keys"]}
    assert len(doc["topics"]) == len(real()["topics"])
    assert [h for h in hrefs if not _target_exists(files, h)] == []
    keys = {(k["tool"], k["key"]) for k in real()["config_keys"]}
    # every key has its row: xm's on the xm page, xl's own on the xl page, the shared ones on the xm page
    assert all(any(h["title"] == f"{tool}.cfg {key}" or (tool == "xl" and h["title"] == f"xm.cfg {key}")
                   for h in doc["keys"][key.lower()]) for tool, key in keys)


# --- tables -----------------------------------------------------------------------------------------------------

def table_rows(markdown: str) -> list[list[str]]:
    """Body rows of the first Markdown table, split into cells."""
    lines = [ln for ln in markdown.splitlines() if ln.startswith("| ")]
    return [[c.strip() for c in ln.strip().strip("|").split(" | ")] for ln in lines[1:]
            if not ln.startswith("|---")]


@pytest.mark.parametrize("tool", ["xl", "virsh"])
def test_xm_column_of_the_command_lists(tool: str) -> None:
    page = real_files()[f"{tool}/index.md"]
    header = next(ln for ln in page.splitlines() if ln.startswith("| Command"))
    col = [c.strip() for c in header.strip().strip("|").split("|")].index("xm")
    rows = [r for r in table_rows(page.split("## Global options")[0]) if len(r) > col]
    assert len(rows) == sum(1 for r in real()["commands"] if r["tool"] == tool)
    assert all(r[col] for r in rows)
    assert sum(1 for r in rows if r[col].startswith("[")) >= (50 if tool == "xl" else 30)


def test_comparison_counts_are_the_rows_shown() -> None:
    files = real_files()
    index = files["compare/index.md"]
    for slug in ("unchanged", "removed", "changed", "changed-options"):
        count = int(re.search(rf"\]\({slug}\.md\) \| (\d+)", index).group(1))  # type: ignore[union-attr]
        assert count == len(table_rows(files[f"compare/{slug}.md"].split("</div>\n\n<div")[-1])), slug
    new = int(re.search(r"\]\(new\.md\) \| (\d+)", index).group(1))  # type: ignore[union-attr]
    assert new == len(table_rows(files["compare/new.md"].split("## New options")[0].split("{#commands}")[1]))
    # The xl list counts its own rows (retired commands included) and says how that meets the New page's count.
    xl_index = files["xl/index.md"]
    said = re.search(r"(\d+) commands, (\d+) of them new in xl .*?lists (\d+)\.", xl_index)
    assert said is not None
    rows = table_rows(xl_index.split("xlref-sortable")[1].split("</div>")[0])
    assert int(said.group(1)) == len(rows)
    assert int(said.group(2)) == sum("xlref-status-new" in r[2] for r in rows)
    assert int(said.group(3)) == new


# --- xen2libvirt ------------------------------------------------------------------------------------------------

def _convert_options() -> dict[str, list[str]]:
    """Every flag of `xlref config convert` and the values it accepts (its metavar, e.g. auto|xm|xl|sxp|libvirt)."""
    import typer.main

    from xlref.cli import app

    convert = typer.main.get_command(app).commands["config"].commands["convert"]  # type: ignore[attr-defined]
    out: dict[str, list[str]] = {"--help": []}
    for param in convert.params:
        parts = str(param.metavar or "").split("|")
        choices = parts if len(parts) > 1 and all(p.isalpha() and p.islower() for p in parts) else []
        for flag in [*param.opts, *param.secondary_opts]:
            if flag.startswith("-"):
                out[flag] = choices
    return out


def test_xen2libvirt_page_uses_real_convert_options() -> None:
    """Every `xlref config convert` call on the xen2libvirt page (option map and recipes) uses options the command
    has, with values it accepts; xen2libvirt's -v maps to convert's -v (the page once said "none")."""
    options = _convert_options()
    page = real_files()["xen2libvirt.md"]
    calls = list(re.findall(r"`(xlref config convert[^`]*)`", page))
    calls += [o["xlref"] for o in real()["xen2libvirt"]["options"] if o["xlref"].startswith("xlref config convert")]
    calls += [f"xlref config convert PATH {o['xlref']}" for o in real()["xen2libvirt"]["options"]
              if o["xlref"].startswith("--")]
    assert len(calls) >= 10
    wrong = []
    for call in calls:
        words = call.replace(",", " ").split()
        for i, word in enumerate(words):
            flag = word.split("=")[0]
            if not flag.startswith("-") or flag == "-":
                continue
            if flag not in options:
                wrong.append(f"{call}: {flag}")
            elif options[flag] and i + 1 < len(words) and words[i + 1] not in options[flag]:
                wrong.append(f"{call}: {flag} {words[i + 1]}")
    assert wrong == []
    verbose = next(o for o in real()["xen2libvirt"]["options"] if "-v" in o["flags"])
    assert verbose["xlref"].split()[-1] == "-v"
