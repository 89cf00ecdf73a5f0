"""MkDocs hook (mkdocs.yml `hooks:`): generate the reference pages from the dataset inside `mkdocs build`/`serve`.

The pages never touch the disk: they are added to MkDocs' file list as virtual files under `ref/`.  The dataset is
the checkout's `data/commands.yaml` next to mkdocs.yml (so an edit shows up even when xlref itself was installed
without `-e`), or $XLREF_DATA when set; `mkdocs serve` watches that file and rebuilds when it changes.

MkDocs imports this file by path with its own folder first on sys.path, so nothing is imported at module level:
a sibling module could shadow a library module of the same name during that import.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

GENERATED = "ref"  # the folder under docs_dir that the generated pages pretend to live in
_state: dict[str, Any] = {}


def data_path(config: MkDocsConfig) -> Path:
    """$XLREF_DATA, else the checkout's data/commands.yaml beside mkdocs.yml, else the installed copy."""
    import os
    from pathlib import Path

    from xlref.data.paths import dataset_path

    override = os.environ.get("XLREF_DATA")
    if override:
        return Path(override)
    checkout = Path(config.config_file_path).resolve().parent / "data" / "commands.yaml"
    return checkout if checkout.is_file() else Path(dataset_path())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    import os

    path = data_path(config)
    # Anything that asks xlref for "the dataset" during the build (the lint engine, the rule pages) gets this file.
    os.environ["XLREF_DATA"] = str(path)
    _state["data"] = path
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    import logging
    from pathlib import Path

    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    from xlref.data.load import DataError
    from xlref.site.build import generate

    log = logging.getLogger("mkdocs.plugins.xlref")
    stale = [f for f in files if f.src_uri.startswith(GENERATED + "/")]
    if stale:
        # Left over from `python -m xlref.site` into docs/ref: the virtual pages replace them.
        log.info("xlref: ignoring %d files under docs/%s (the hook generates that folder)", len(stale), GENERATED)
        for f in stale:
            files.remove(f)
    try:
        generated = generate(_state["data"], Path(config.docs_dir), GENERATED)
    except DataError as exc:
        raise PluginError(f"xlref: the dataset is invalid:\n{exc}") from exc
    for rel_path, text in generated.items():
        files.append(File.generated(config, f"{GENERATED}/{rel_path}", content=text))
    log.info("xlref: generated %d files from %s", len(generated), _state["data"])
    return files


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(_state["data"]))
    return server
