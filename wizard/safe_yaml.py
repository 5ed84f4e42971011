"""YAML for untrusted inputs: the safe loader, plus a cap on aliases.

yaml.safe_load builds no arbitrary objects, but a "billion laughs" document (anchors nested
nine deep) still expands into gigabytes once anything walks it. Real profiles, host files,
compose and k8s files use a handful of anchors (`<<: *common`), so more than MAX_ALIASES
means the file is not one of those.
"""

from __future__ import annotations

from wizard.findings import InputError

MAX_ALIASES = 64


def _loader_class():
    """The pure-Python safe loader with an alias cap (the C loader composes nodes in C, where
    no hook can count aliases; these inputs are small, so its speed does not matter)."""
    import yaml

    class CappedLoader(yaml.SafeLoader):
        aliases_seen = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                self.aliases_seen += 1
                if self.aliases_seen > MAX_ALIASES:
                    raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases (an alias bomb?)")
            return super().compose_node(parent, index)

    return CappedLoader


def load_all(text: str, what: str) -> list:
    """Every document of `text`; InputError (one line) naming `what` when it is not YAML."""
    import yaml

    loader = _loader_class()(text)
    try:
        docs = []
        while loader.check_data():
            docs.append(loader.get_data())
        return docs
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{what} is not valid YAML: {first}") from None
    except RecursionError:
        raise InputError(f"{what} is nested too deeply to be a real configuration") from None
    finally:
        loader.dispose()


def load_one(text: str, what: str):
    docs = load_all(text, what)
    return docs[0] if docs else None
