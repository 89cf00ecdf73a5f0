"""Guest (domain) configs: read xm/xl configs without running them, check them for xl, convert to and from
libvirt domain XML offline.

Readers:    read (dispatch) -> xlparse (xl grammar), xmparse (Python via ast, never exec) -> model.Config
Checker:    check + rules (XL5xx) + keytable (config_keys from the dataset)
Converters: fromconfig/fromconfig_xl (Config -> domain.Domain), xmlwrite (Domain -> XML),
            xmlread (XML -> Domain), toconfig/toconfig_xl + render (Domain -> xl/xm text),
            convert (the three `config convert` directions), specs/diskspec (device spec strings)
Entry:      run (no typer), used by xlref.cli_config
"""
