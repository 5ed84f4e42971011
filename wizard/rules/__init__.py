"""Rule modules, one per group; importing this package registers every rule in the registry.

Modules are discovered, not listed, so adding a rule module needs no edit here.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "registry" and not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
