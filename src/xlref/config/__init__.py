"""Guest (domain) configs: read xm/xl/SXP configs without running them, check them for xl, convert to and from
libvirt domain XML offline, a directory at a time, and import into libvirt.

Readers:    read (dispatch: XML, SXP, xl, else Python) -> xlparse (port of libxlu's grammar), xmparse + xmstmt
            + pyfold (Python via ast, the pure part evaluated, never run), sxp; xmcmd (--set, as xm create's
            NAME=VALUE words); detect (which tool's meaning: syntax, one-tool keys)
Disks:      disklex (port of libxlu's disk parser), diskspec (xl and xm readings -> Disk), xmdisk (xm spec ->
            the xl spec with xm's meaning)
Semantics:  xmsem (what xm/xend did that xl and libvirt do differently: device_model, hvmloader, kernel
            arguments, defaults, names)
Checker:    check (file-level facts, xl's verdict) + check_values / check_specs (keys, values, specs) + the
            XL5xx rules (xlref.rules.config) + keytable (config_keys from the dataset)
Converters: fromconfig / fromconfig_dev / fromconfig_xm / fromconfig_xl (Config -> domain.Domain), xmlwrite,
            xmlread, toconfig / toconfig_xl + render (Domain -> xl/xm text), convert_xl + convert_keys (Config
            -> xl.cfg), convert (the conversions and their refusals)
Entry:      run (no typer), batch (a file or a directory, the summary), define (virsh define); used by
            xlref.cli_config
"""
