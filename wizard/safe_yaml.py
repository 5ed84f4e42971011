"""YAML for untrusted inputs: the safe loader, plus caps on aliases and nodes.

yaml.safe_load builds no arbitrary objects, but a "billion laughs" document (anchors nested
nine deep) still expands into gigabytes once anything walks it. Real profiles, host files,
compose and k8s files use a handful of anchors (`<<: *common`), so more than MAX_ALIASES
means the file is not one of those.
"""

from __future__ import annotations

from wizard.findings import InputError

MAX_ALIASES = 64


#: more nodes than this is no configuration file (a large compose or k8s List has a few thousand)
MAX_NODES = 200_000


def _prescan(text: str) -> None:
    """Count aliases and nodes with libyaml's event parser (C, fast) before anything is built:
    a 4 MiB flow list of two million items took over a minute and a GB in the pure-Python
    composer; here it is refused in well under a second."""
    import yaml

    aliases = nodes = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases (an alias bomb?)")
        elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            nodes += 1
            if nodes > MAX_NODES:  # `problem` set: every reader's error line prints it
                raise yaml.error.MarkedYAMLError(
                    problem=f"more than {MAX_NODES} YAML nodes, too large to be a configuration file")


def _loader_class(unique_keys: bool = False):
    """The safe loader with an alias cap and a node cap.

    With libyaml (PyYAML's wheels ship it) the document is pre-scanned as events in C, then
    loaded by CSafeLoader; without it, the pure-Python loader counts aliases as it composes.

    `unique_keys`: a key given twice in one mapping is an error instead of "the last one wins" —
    for duowiz's own formats (profiles, host files), where a second `model:` is always a mistake.
    """
    import yaml

    def construct_mapping(self, node, deep=False):
        if unique_keys and isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, _ in node.value:  # before merge keys (`<<`) are flattened in
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {key_node.value!r} is given twice", key_node.start_mark)
                seen.add(key_node.value)
        return yaml.SafeLoader.construct_mapping(self, node, deep)

    if getattr(yaml, "__with_libyaml__", False):
        class FastLoader(yaml.CSafeLoader):
            def __init__(self, stream):
                _prescan(stream)
                super().__init__(stream)

        FastLoader.construct_mapping = construct_mapping
        return FastLoader

    class CappedLoader(yaml.SafeLoader):
        aliases_seen = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                self.aliases_seen += 1
                if self.aliases_seen > MAX_ALIASES:
                    raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases (an alias bomb?)")
            return super().compose_node(parent, index)

    CappedLoader.construct_mapping = construct_mapping
    return CappedLoader


def describe_error(exc, text: str = "") -> str:
    """One line for a YAMLError: the problem and its line (a control character by its code)."""
    import yaml

    if isinstance(exc, yaml.reader.ReaderError):
        # PyYAML checks every character before parsing: "unacceptable character #x0007"
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) and text else None
        where = f" on line {line}" if line else ""
        return f"control character #x{code:04x}{where} (YAML allows only printable text)"
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if problem:
        return f"{problem} at line {mark.line + 1}" if mark is not None else str(problem)
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return first


def describe_value_error(exc: ValueError) -> str:
    """A YAML/JSON scalar Python refuses to build, in one short line."""
    text = str(exc)
    if "integer string conversion" in text:
        return "a number with thousands of digits"
    return f"unusable value ({text.splitlines()[0][:120] if text else type(exc).__name__})"


def load_all(text: str, what: str, unique_keys: bool = False) -> list:
    """Every document of `text`; InputError (one line) naming `what` when it is not YAML."""
    import yaml

    loader = None
    try:
        loader = _loader_class(unique_keys)(text)  # the reader checks every character here (ReaderError)
        docs = []
        while loader.check_data():
            docs.append(loader.get_data())
        return docs
    except yaml.YAMLError as exc:
        raise InputError(f"{what} is not valid YAML: {describe_error(exc, text)}") from None
    except RecursionError:
        raise InputError(f"{what} is nested too deeply to be a real configuration") from None
    except ValueError as exc:  # a value the constructors refuse: a 5000-digit int, 2024-13-01
        raise InputError(f"{what} is not valid YAML: {describe_value_error(exc)}") from None
    finally:
        if loader is not None:
            loader.dispose()


def load_one(text: str, what: str):
    """The one document of a duowiz-format file (profile, host file): duplicate keys and a
    second `---` document are errors, since either would be silently ignored otherwise."""
    docs = load_all(text, what, unique_keys=True)
    if len(docs) > 1:
        raise InputError(f"{what} holds {len(docs)} YAML documents (separated by ---): it must hold one")
    return docs[0] if docs else None
