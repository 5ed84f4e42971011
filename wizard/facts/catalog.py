"""Built-in catalog: the config fields of the models whose config.json we hold (catalog.json).

Why: the seed tutorial serves hub ids (`Eco-Tech/Qwen3-8B-w8a8s-310`) and paths that live on
another machine; without a catalog `check` could say nothing about memory for them. Entries
are the published HF configs saved in shared/fixtures/models (provenance in catalog.json and
that folder's SOURCES.md). Unknown models return None — numbers are never invented; only the
architecture may be guessed from the name (`architecture_hint_facts`), labelled as inferred.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from wizard.facts.config import facts_from_config
from wizard.facts.model import ModelFacts
from wizard.facts.names import OTHER_FORMATS, architecture_hint, parse_model_name


@lru_cache(maxsize=1)
def _catalog() -> dict[str, dict]:
    """Entries keyed by lower-case base name (`qwen3-8b`)."""
    text = resources.files("wizard.facts").joinpath("catalog.json").read_text(encoding="utf-8")
    models = json.loads(text)["models"]
    return {name.lower(): {"name": name, **entry} for name, entry in models.items()}


def catalog_names() -> list[str]:
    return sorted(entry["name"] for entry in _catalog().values())


def catalog_entry(name: str) -> dict | None:
    """The raw entry (name, hf_id, source, config, optional w8a8s_float_linears) or None."""
    return _catalog().get(parse_model_name(name).base)


def lookup_catalog(name: str) -> ModelFacts | None:
    """Model facts for a hub id or path naming a catalogued model (variant suffixes stripped).

    `Qwen/Qwen3-8B`, `Eco-Tech/Qwen3-8B-w8a8s-310`, `/models/Qwen3-32B-w8a8sc-310-vllm-tp4`,
    `Qwen3-14B-W8A8SC` → the base model's facts; anything else → None.
    """
    info = parse_model_name(name)
    entry = _catalog().get(info.base)
    if entry is None:
        return None
    facts = facts_from_config(entry["config"], origin=f"built-in catalog ({entry['name']}, {entry['source']})")
    if info.quant_type in OTHER_FORMATS.values():
        # e.g. Qwen3-14B-FP8: same shape, but the checkpoint format is the name's, not the base's
        facts.quant_method = info.quant_type.lower()
        facts.origin += f"; quant_method {facts.quant_method} inferred from the name"
    return facts


def w8a8s_float_linears(name: str) -> dict | None:
    """The msmodelslim W8A8S recipe's FLOAT linears for a catalogued model, or None.

    {"all_layers": ["mlp.down_proj"], "layers": {"1": ["mlp.gate_proj", …]}} — lets the
    estimator price a W8A8S/W8A8SC checkpoint it knows only by name.
    """
    entry = catalog_entry(name)
    return entry.get("w8a8s_float_linears") if entry else None


def architecture_hint_facts(name: str) -> ModelFacts | None:
    """ModelFacts holding only architectures/model_type guessed from the name, or None."""
    hint = architecture_hint(name)
    if hint is None:
        return None
    archs, model_type = hint
    facts = ModelFacts(origin=f"inferred from the name {name!r} (architecture only, no sizes)",
                       architectures=archs, model_type=model_type)
    facts.missing_fields = ["num_hidden_layers", "hidden_size", "num_attention_heads",
                            "num_key_value_heads", "vocab_size", "intermediate_size"]
    return facts
