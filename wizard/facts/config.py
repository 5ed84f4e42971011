"""Model facts from a Hugging Face `config.json`.

Why tolerant: users point `check` at half-downloaded folders, hand-edited configs and
multimodal checkpoints whose language model sits under `text_config`. A missing or corrupt file
is a *finding* (the error string names the file), never a traceback; missing sizes leave fields
None and `complete` False so the memory rules can say they were skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

from wizard.facts.model import ModelFacts
from wizard.facts.params import fill_param_counts

CONFIG_NAME = "config.json"
#: rope types vLLM does not stretch max_model_len for (`_get_and_verify_max_len`)
_UNSCALED_ROPE = {"default", "mrope", "su", "longrope", "llama3"}
#: fields the per-chip memory model cannot do without
_NEEDED = ("num_hidden_layers", "hidden_size", "num_attention_heads", "num_key_value_heads",
           "vocab_size")


def read_config(folder: Path | str) -> tuple[ModelFacts | None, str | None]:
    """(facts, None) from `<folder>/config.json`, or (None, "<file>: what is wrong")."""
    path = Path(folder) / CONFIG_NAME
    from wizard.facts.small_file import read_small_text

    try:
        text = read_small_text(path)
    except FileNotFoundError:
        return None, f"{path}: not found"
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})"
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"{path}: not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
    except RecursionError:
        return None, f"{path}: nested too deeply to be a model config"
    except ValueError:  # a number with thousands of digits
        return None, f"{path}: not valid JSON (a number too long to read)"
    if not isinstance(doc, dict):
        return None, f"{path}: holds a JSON {type(doc).__name__}, not an object"
    return facts_from_config(doc, origin=f"config.json at {path}"), None



def facts_from_config(doc: dict, origin: str) -> ModelFacts:
    """Build ModelFacts from a config dict (also used for the built-in catalog's entries)."""
    text = doc.get("text_config") if isinstance(doc.get("text_config"), dict) else {}
    cfg = {**doc, **text}  # the language model's sizes win; top-level keys fill the gaps

    def pick(*keys: str):
        for key in keys:
            for source in (text, doc):
                if source.get(key) is not None:
                    return source[key]
        return None

    facts = ModelFacts(origin=origin)
    archs = doc.get("architectures")
    facts.architectures = [str(a) for a in archs] if isinstance(archs, list) else []
    facts.model_type = _str(doc.get("model_type")) or _str(text.get("model_type"))
    facts.torch_dtype = _str(pick("torch_dtype", "dtype"))
    facts.num_hidden_layers = _int(pick("num_hidden_layers", "n_layer", "num_layers"))
    facts.hidden_size = _int(pick("hidden_size", "n_embd", "d_model"))
    facts.intermediate_size = _int(pick("intermediate_size", "ffn_hidden_size"))
    facts.num_attention_heads = _int(pick("num_attention_heads", "n_head"))
    facts.num_key_value_heads = _int(pick("num_key_value_heads", "num_kv_heads"))
    if facts.num_key_value_heads is None and facts.num_attention_heads is not None \
            and "num_key_value_heads" not in cfg:
        facts.num_key_value_heads = facts.num_attention_heads  # HF default: plain multi-head
    facts.head_dim = _int(pick("head_dim"))
    facts.vocab_size = _int(pick("vocab_size"))
    tie = text.get("tie_word_embeddings", doc.get("tie_word_embeddings"))
    facts.tie_word_embeddings = bool(tie) if isinstance(tie, bool) else False
    facts.max_position_embeddings = _int(pick("max_position_embeddings", "n_positions", "max_seq_len"))
    _read_rope(facts, pick("rope_scaling"), pick("rope_parameters"))
    facts.num_experts = _int(pick("num_experts", "n_routed_experts", "num_local_experts"))
    facts.num_experts_per_tok = _int(pick("num_experts_per_tok", "moe_topk"))
    facts.moe_intermediate_size = _int(pick("moe_intermediate_size"))
    if facts.num_experts and facts.moe_intermediate_size is None and cfg.get("num_local_experts"):
        facts.moe_intermediate_size = facts.intermediate_size  # Mixtral: experts use intermediate_size
    facts.quant_method = _quant_method(doc, text)
    facts.invalid_fields = _drop_implausible(facts)
    facts.missing_fields = [name for name in _NEEDED if getattr(facts, name) is None]
    if facts.intermediate_size is None and not (facts.num_experts and facts.moe_intermediate_size):
        facts.missing_fields.append("intermediate_size")
    fill_param_counts(facts, cfg)
    return facts


#: Sizes above these are not a model this tool can reason about (and would make the
#: per-layer parameter count loop for minutes): treated as invalid, like a missing field.
_PLAUSIBLE_MAX = {
    "num_hidden_layers": 4096,
    "hidden_size": 1 << 20,
    "intermediate_size": 1 << 22,
    "num_attention_heads": 1 << 14,
    "num_key_value_heads": 1 << 14,
    "head_dim": 1 << 14,
    "vocab_size": 1 << 24,
    "max_position_embeddings": 1 << 26,
    "num_experts": 1 << 14,
    "num_experts_per_tok": 1 << 14,
    "moe_intermediate_size": 1 << 22,
}


def _drop_implausible(facts: ModelFacts) -> list[str]:
    """Zero or absurd sizes become None (reported as invalid); returns the fields dropped."""
    dropped = []
    for name, top in _PLAUSIBLE_MAX.items():
        value = getattr(facts, name)
        if value is not None and not 0 < value <= top:
            setattr(facts, name, None)
            dropped.append(f"{name}={value}")
    return dropped


def _read_rope(facts: ModelFacts, scaling, parameters) -> None:
    rope = scaling if isinstance(scaling, dict) else parameters if isinstance(parameters, dict) else None
    if rope and all(isinstance(v, dict) for v in rope.values()):
        rope = rope.get("full_attention") or next(iter(rope.values()), None)  # per-layer-type form
    if not isinstance(rope, dict):
        return
    rtype = _str(rope.get("rope_type")) or _str(rope.get("type"))
    facts.rope_scaling_type = rtype
    factor = rope.get("factor")
    if rtype not in _UNSCALED_ROPE and isinstance(factor, (int, float)) and not isinstance(factor, bool) \
            and factor > 0:
        facts.rope_scaling_factor = float(factor)
        if rtype == "yarn":
            facts.rope_original_max_position = _int(rope.get("original_max_position_embeddings"))


def _quant_method(doc: dict, text: dict) -> str | None:
    for source in (doc, text):
        qc = source.get("quantization_config")
        if isinstance(qc, dict) and qc.get("quant_method"):
            return str(qc["quant_method"])
        if isinstance(qc, dict) and qc:
            return "unknown"
    if isinstance(doc.get("compression_config"), dict):
        return "compressed-tensors"  # older llm-compressor checkpoints
    return None


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    return None


def _str(value) -> str | None:
    return value if isinstance(value, str) and value else None
