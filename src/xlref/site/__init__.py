"""The reference site: Markdown and JSON generated from the dataset (and the linter's rules) for mkdocs.

`python -m xlref.site [--out docs/ref]` writes the generated folder; `mkdocs build --strict` then builds the
site from docs/.  Every render function is pure (dataset in, text out) so golden tests can pin its output.
"""
