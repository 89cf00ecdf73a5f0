"""A simulated Xen host for the tests: fake `xm`, `xl` and `virsh` that print what the real tools print (from the
dataset's output-format data) and record every operation, so a script and its rewrite can be run and compared.

Modules: host (domains and their state, the JSON state file), ops (the operation log), cli (getopt-like parsing
driven by the dataset's option records), printer (output through xlref.data.outputs), xm/xl/virsh (the fakes),
dispatch (the one entry point every fake executable runs), simdata (the compact data file the fakes read),
jail + runner (run a script in a private mount/pid/net namespace), compare (what two runs may differ in).

This is test support, never shipped in the wheel.
"""
