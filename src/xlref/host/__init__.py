"""`xlref host`: a whole xm/xend host, read from its filesystem, turned into a migration plan and a bundle.

fs (confined, read-only file access) -> domains, settings (+ sxpconf), services, boot, scripts -> checklist
-> model.Report -> render / html (text, json, md, html) and bundle (--write).  engines is the only module that
calls into the lint and config wings.  Entry: run (no typer), used by xlref.cli_host.
"""
