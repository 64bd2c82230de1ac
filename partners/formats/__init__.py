"""One module per channel format (column spec, field limits, validators). Every module in this
package is imported here, so adding a channel is: a new module here plus a Channel record."""

import importlib
import pkgutil

from .registry import UnknownFormat, codes, get_format, register

__all__ = ["UnknownFormat", "codes", "get_format", "register"]

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_") and _module.name not in ("base", "registry"):
        importlib.import_module(f"{__name__}.{_module.name}")
