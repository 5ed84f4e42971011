"""Load `knowledge.yaml` once and answer questions about it by version.

Why a plain-dict loader and not the pydantic schema: this module is on the hot `duowiz check`
path (target: whole process ≤ 0.3 s). The file is parsed with the C YAML loader when present
and cached; the strict schema (`schema.py`) runs in the tests and in `duowiz releases
--validate`, so a malformed edit is caught before it ships.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from wizard.releases.versions import canonical, version_key

KNOWLEDGE_FILE = "knowledge.yaml"


#: A JSON copy of knowledge.yaml keyed by the YAML's hash: json parses in ~0.2 ms while importing
#: yaml costs ~20 ms on the check path. A stale cache (the YAML was edited) is simply ignored,
#: so adding a release stays a YAML-only change; `python -m wizard.releases.knowledge` refreshes it.
CACHE_FILE = "knowledge.cache.json"


def _text_hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_knowledge_data() -> dict:
    """The knowledge as a dict: from the JSON cache when it matches the YAML, else the YAML."""
    import json

    text = read_knowledge_text()
    cache = Path(__file__).resolve().parent / CACHE_FILE
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("sha256") == _text_hash(text):
            return cached["data"]
    except (OSError, ValueError, AttributeError, KeyError):
        pass
    return parse_knowledge_text(text)


def write_cache() -> Path:
    """Regenerate knowledge.cache.json from knowledge.yaml (temp file, then rename)."""
    import json
    import os

    text = read_knowledge_text()
    target = Path(__file__).resolve().parent / CACHE_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps({"sha256": _text_hash(text), "data": parse_knowledge_text(text)}, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return target


def read_knowledge_text() -> str:
    """The shipped file (package data beside this module; importlib.resources costs ~15 ms)."""
    return (Path(__file__).resolve().parent / KNOWLEDGE_FILE).read_text(encoding="utf-8")


def parse_knowledge_text(text: str) -> dict:
    import yaml

    # the C build of the *safe* loader when present (same semantics as yaml.safe_load, ~5× faster)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ValueError("release knowledge must be a mapping")
    return data


@dataclass
class Knowledge:
    """The knowledge file, with release entries sorted by version for lookups."""

    data: dict
    releases: list[dict] = field(default_factory=list)
    keys: list[tuple] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: dict) -> "Knowledge":
        releases = sorted(data.get("releases") or [], key=lambda e: version_key(str(e["version"])))
        return cls(data=data, releases=releases, keys=[version_key(str(e["version"])) for e in releases])

    # --- releases ---------------------------------------------------------------------------
    @property
    def newest_known_key(self) -> tuple:
        return version_key(str(self.data.get("newest_known") or self.releases[-1]["version"]))

    @property
    def recommended(self) -> dict:
        return self.data.get("recommended") or {}

    def entry_for(self, key: tuple) -> dict | None:
        """The release entry covering version `key`, or None (older than the first entry,
        newer than `newest_known`, or past an entry's `last` with no next entry)."""
        if key > self.newest_known_key or not self.keys or key < self.keys[0]:
            return None
        index = max(i for i, k in enumerate(self.keys) if k <= key)
        entry = self.releases[index]
        last = entry.get("last")
        if last is not None and key > version_key(str(last)):
            return None
        return entry

    def entries_for_vllm(self, major_minor: tuple[int, int]) -> list[dict]:
        """Release entries built on this vLLM major.minor (a third-party image names only vLLM)."""
        out = []
        for entry in self.releases:
            vk = version_key(str(entry.get("vllm") or "0"))
            if (vk[0], vk[1]) == major_minor:
                out.append(entry)
        return out

    # --- features ---------------------------------------------------------------------------
    def feature(self, name: str) -> dict | None:
        return (self.data.get("features") or {}).get(name)

    def feature_available(self, name: str, key: tuple) -> bool | None:
        """True / False by version; None for a feature the file does not describe."""
        spec = self.feature(name)
        if spec is None:
            return None
        if key < version_key(str(spec["since"])):
            return False
        until = spec.get("until")
        return not (until is not None and key >= version_key(str(until)))

    def compressed_mask_torch_npu(self) -> set[str]:
        return {c for c in (canonical(v) for v in self.data.get("compressed_mask_torch_npu") or []) if c}

    # --- architectures ----------------------------------------------------------------------
    def architecture_verdict(
        self, key: tuple, model_type: str | None, architectures: list[str]
    ) -> tuple[str, dict, dict] | None:
        """(status, family, range) for the first family naming this model, or None when no
        family names it or no range covers this version."""
        family = self.family_of(model_type, architectures)
        if family is None:
            return None
        for span in family.get("support") or []:
            low = span.get("from")
            high = span.get("until")
            if low is not None and key < version_key(str(low)):
                continue
            if high is not None and key >= version_key(str(high)):
                continue
            return str(span["status"]), family, span
        return None

    def family_of(self, model_type: str | None, architectures: list[str]) -> dict | None:
        families = self.data.get("architectures") or []
        if model_type:
            for family in families:
                if model_type in (family.get("model_types") or []):
                    return family
        for family in families:
            if set(architectures or []) & set(family.get("architectures") or []):
                return family
        return None

    # --- known-bad combinations -------------------------------------------------------------
    def known_bad(self) -> list[dict]:
        return list(self.data.get("known_bad") or [])


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """The shipped knowledge, parsed once per process."""
    return Knowledge.from_data(load_knowledge_data())


if __name__ == "__main__":
    print(f"wrote {write_cache()}")
