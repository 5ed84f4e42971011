"""The vLLM 0.18.0 `vllm serve` flag table, and how vLLM matches a spelling to a flag.

The table (`vllm_serve_flags.json`, dumped from vLLM 0.18.0's argparse parser) is loaded once,
on first use, so importing this module costs nothing. Matching follows vLLM's
`FlexibleArgumentParser` and plain argparse, because a flag vLLM accepts must never be reported
as unknown, and a flag vLLM rejects must never be silently accepted:

- `--max_model_len` == `--max-model-len`: vLLM turns `_` into `-` in a `--` flag name (only in the
  name, up to the first `.`; never in single-dash aliases such as `-tp`);
- `--flag=value` and `-tp=8` (argparse splits at the first `=`);
- `--no-X` for BooleanOptionalAction flags (they are listed in the table);
- `-O3`, `-O=3`, `-O 3` (vLLM rewrites them to `--optimization-level`);
- `--compilation-config.cudagraph_mode=FULL` / `-cc.mode=3` (vLLM folds dotted flags into one
  JSON object for the base flag);
- unambiguous prefixes such as `--max-model` (argparse's allow_abbrev, on in vLLM's parser).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_TABLE_FILE = Path(__file__).with_name("vllm_serve_flags.json")

#: argparse actions that never take a value
_SWITCH_ACTIONS = {
    "BooleanOptionalAction",
    "_StoreTrueAction",
    "_StoreFalseAction",
    "_StoreConstAction",
    "_HelpAction",
    "_VersionAction",
    "_CountAction",
}
#: argparse `type` names that parse a JSON object
_JSON_TYPES = {"parse_dataclass", "loads", "union_dict_and_str", "_parse_type"}
#: dests typed `_optional_type(json.loads)` in vLLM, so the table's type name does not show it
_JSON_DESTS = {
    "speculative_config",
    "kv_transfer_config",
    "kv_events_config",
    "ec_transfer_config",
    "weight_transfer_config",
    "hf_overrides",
}
#: flags removed from vLLM before 0.18.0 whose successor is worth suggesting
_SUCCESSORS = {
    "rope-scaling": "--hf-overrides",
    "rope-theta": "--hf-overrides",
    "enable-reasoning": "--reasoning-parser",
    "task": "--runner",
    "disable-log-requests": "--enable-log-requests",
}

_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")


@dataclass(frozen=True)
class FlagInfo:
    """One vLLM serve flag: every spelling argparse registers for it and how it takes values."""

    dest: str
    flags: tuple[str, ...]
    action: str
    type: str
    nargs: Any  # "" (one value), 0 (switch), "+", "?"
    default: Any
    choices: tuple | None

    @property
    def canonical(self) -> str:
        """The `--long-name` spelling (the first `--` one that is not a `--no-` form)."""
        for flag in self.flags:
            if flag.startswith("--") and not flag.startswith("--no-"):
                return flag
        return self.flags[0]

    @property
    def is_switch(self) -> bool:
        return self.action in _SWITCH_ACTIONS or self.nargs == 0

    @property
    def takes_value(self) -> bool:
        return not self.is_switch

    @property
    def multi(self) -> bool:
        """nargs='+': takes values until the next flag."""
        return self.nargs in ("+", "*")

    @property
    def optional_value(self) -> bool:
        return self.nargs == "?"

    @property
    def negatable(self) -> bool:
        return self.action == "BooleanOptionalAction"

    @property
    def is_json(self) -> bool:
        return self.type in _JSON_TYPES or self.dest in _JSON_DESTS


class FlagTable:
    """Spelling -> FlagInfo lookups over one parser dump."""

    def __init__(self, entries: list[dict]):
        self.by_spelling: dict[str, FlagInfo] = {}
        self.by_dest: dict[str, FlagInfo] = {}
        for entry in entries:
            info = FlagInfo(
                dest=entry["dest"],
                flags=tuple(entry["flags"]),
                action=entry["action"],
                type=entry.get("type") or "",
                nargs=entry.get("nargs", ""),
                default=entry.get("default"),
                choices=tuple(entry["choices"]) if entry.get("choices") else None,
            )
            self.by_dest.setdefault(info.dest, info)
            for flag in info.flags:
                self.by_spelling[flag] = info
        self.long_names = sorted(s for s in self.by_spelling if s.startswith("--"))

    def resolve(self, spelling: str) -> FlagInfo | None:
        """The flag vLLM would bind `spelling` to (value after `=` and dotted keys ignored)."""
        name = spelling.split("=", 1)[0]
        if name.startswith("-O") and not name.startswith("--"):
            return self.by_spelling.get("--optimization-level")
        if name.startswith("--"):
            base = "--" + name[2:].split(".", 1)[0].replace("_", "-")
            info = self.by_spelling.get(base)
            if info is None and len(base) > 3:
                # argparse accepts an unambiguous prefix of a long option
                matches = [s for s in self.long_names if s.startswith(base)]
                if len(matches) == 1:
                    info = self.by_spelling[matches[0]]
            return info
        if name.startswith("-") and len(name) > 1:
            return self.by_spelling.get(name.split(".", 1)[0])
        return None

    def suggest(self, spelling: str) -> str | None:
        """A close known flag for a spelling vLLM does not know ("did you mean")."""
        name = spelling.split("=", 1)[0].split(".", 1)[0]
        bare = name.lstrip("-").replace("_", "-").lower()
        if not bare:
            return None
        if bare in _SUCCESSORS:
            return _SUCCESSORS[bare]
        exact = "--" + bare
        if exact in self.by_spelling:  # e.g. ---max-num-batched-tokens, -max-model-len
            return exact
        names = [s[2:] for s in self.long_names]
        close = difflib.get_close_matches(bare, names, n=1, cutoff=0.75)
        if close:
            return "--" + close[0]
        return None


@lru_cache(maxsize=1)
def table() -> FlagTable:
    """The vLLM 0.18.0 serve flag table, parsed once."""
    with open(_TABLE_FILE, encoding="utf-8") as handle:
        return FlagTable(json.load(handle))


def resolve(spelling: str) -> FlagInfo | None:
    return table().resolve(spelling)


def suggest(spelling: str) -> str | None:
    return table().suggest(spelling)


def by_dest(dest: str) -> FlagInfo | None:
    return table().by_dest.get(dest)


def looks_like_flag(token: str) -> bool:
    """argparse's view: starts with '-', is not just '-', and is not a negative number."""
    return len(token) > 1 and token.startswith("-") and not _NEGATIVE_NUMBER.match(token)


def is_negative_form(spelling: str) -> bool:
    """`--no-enable-prefix-caching` style: the switch sets False."""
    return spelling.split("=", 1)[0].lstrip("-").replace("_", "-").startswith("no-")
