"""xlref: xm → xl / virsh reference and migration toolkit."""

__version__ = "0.1.0"
