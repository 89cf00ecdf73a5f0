"""The config wing's public face: what the other wings (the host plan) may use.  Everything else under
xlref.config is internal and may move; these names stay.

- Reading: decode (bytes to text, InputError for binary or undecodable files), read_config, detect (which
  tool's meaning a file has), looks_like_xml; parse_sxp / plain / SxpError for xend's SXP.
- Checking and converting: check_config, to_xl_text, to_libvirt_xml, from_libvirt; a refused conversion raises
  one of ConversionError, SpecError, FormatError or XmlError.
- Where configs live: the /etc/xen and xend store layout and the rules for which files are domain configs.
"""

from __future__ import annotations

from xlref.config.check import check_config
from xlref.config.convert import from_libvirt, to_libvirt_xml, to_xl_text
from xlref.config.detect import detect, looks_like_xml
from xlref.config.fromconfig import ConversionError
from xlref.config.read import InputError, decode, read_config
from xlref.config.render import FormatError
from xlref.config.specs import SpecError
from xlref.config.store import (
    AUTO_DIR,
    MANAGED_DIR,
    SKIP_DIRS,
    XEN_DIR,
    is_example,
    looks_like_domain,
    managed_config,
    not_a_config,
)
from xlref.config.sxpread import SxpError, parse_sxp, plain
from xlref.config.xmlread import XmlError

__all__ = ["AUTO_DIR", "MANAGED_DIR", "SKIP_DIRS", "XEN_DIR", "ConversionError", "FormatError", "InputError",
           "SpecError", "SxpError", "XmlError", "check_config", "decode", "detect", "from_libvirt", "is_example",
           "looks_like_domain", "looks_like_xml", "managed_config", "not_a_config", "parse_sxp", "plain",
           "read_config", "to_libvirt_xml", "to_xl_text"]
