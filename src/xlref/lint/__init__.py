"""`xlref lint`: find xm calls and xend references in shell scripts and rewrite them for xl or virsh.

Modules: shell (tree-sitter); wrappers + detect + status (what is a call, and is its status read); sources,
symbols, variables, uses, optvars, functions (indirection: sourced files, variables, command strings, wrapper
functions); watch (process watchdogs); consumers, filters, outuse, patterns (who reads the output);
rewrite, options, layout, values, outcome (edits and outcomes from the dataset); groups (shared edits);
partial (XL906); xend (XL4xx); suppress; engine (one file); apply (fixes); discover; config; run (the command).
Importing this package is cheap; tree-sitter loads only when a file is parsed.
"""
