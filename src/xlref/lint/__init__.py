"""`xlref lint`: find xm calls and xend references in shell scripts and rewrite them for xl or virsh.

Modules: shell (tree-sitter), wrappers + detect (what is a call), rules (registry), rewrite (edits from the
dataset), xend (XL4xx), suppress, engine (one file), apply (fixes), discover, config, run (the command).
Importing this package is cheap; tree-sitter loads only when a file is parsed.
"""
