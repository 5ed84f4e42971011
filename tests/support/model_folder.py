"""Build a weights folder from a case's `model_dir` spec (shared/cases/README.md).

Keys: `config` (copy fixtures/models/<name>/config.json), `config_json` (write that dict),
`config_overrides` (deep-merged into the config), `quant` (write quant_model_description.json
as the msmodelslim recipe would), `description_file` (rename it), `rank_files: N` (N small but
valid `model-rank-{r}-part-0.safetensors`, each holding layer 0's compressed qkv_proj).
Safetensors files are written with struct + json only: tests must not need torch or numpy.
"""

from __future__ import annotations

import copy
import json
import math
import struct
from pathlib import Path

from wizard.facts.catalog import w8a8s_float_linears
from wizard.facts.config import facts_from_config
from wizard.facts.recipes import recipe_description

_DTYPE_BYTES = {"I8": 1, "F16": 2, "I32": 4, "I64": 8, "F32": 4, "BF16": 2}
#: compressed length stored for the 1-D weight: small on purpose (sizes come from config.json)
_COMPRESSED_BYTES = 4096
_KNOWN_KEYS = {"config", "config_json", "config_overrides", "quant", "description_file", "rank_files"}


def build_model_folder(spec: dict, dest: Path, shared: Path) -> Path:
    """Create `dest` (and parents) as the spec describes; return it."""
    unknown = set(spec) - _KNOWN_KEYS
    if unknown:
        raise ValueError(f"model_dir: unknown keys {sorted(unknown)}")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    config = _config(spec, Path(shared))
    if config is not None:
        (dest / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    facts = facts_from_config(config or {}, origin="test builder")
    if spec.get("quant"):
        recipe = w8a8s_float_linears(spec["config"]) if spec.get("config") else None
        description = recipe_description(facts, spec["quant"], recipe)
        name = spec.get("description_file") or "quant_model_description.json"
        (dest / name).write_text(json.dumps(description, indent=2) + "\n", encoding="utf-8")
    for rank in range(int(spec.get("rank_files") or 0)):
        tp = int(spec["rank_files"])
        write_safetensors(dest / f"model-rank-{rank}-part-0.safetensors", _rank_tensors(facts, tp))
    return dest


def _config(spec: dict, shared: Path) -> dict | None:
    if spec.get("config"):
        source = shared / "fixtures" / "models" / spec["config"] / "config.json"
        config = json.loads(source.read_text(encoding="utf-8"))
    elif "config_json" in spec:
        config = copy.deepcopy(spec["config_json"])
    else:
        config = None
    if spec.get("config_overrides"):
        config = deep_merge(config or {}, spec["config_overrides"])
    return config


def deep_merge(base: dict, overrides: dict) -> dict:
    """`overrides` into a copy of `base`; nested dicts merge, everything else replaces."""
    out = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _rank_tensors(facts, tp: int) -> dict[str, tuple[str, list[int], bytes]]:
    """Layer 0's qkv_proj as vllm-ascend's W8A8SC rank file stores it for this TP."""
    heads, kv, hd, hidden = facts.num_attention_heads, facts.kv_heads, facts.head_size, facts.hidden_size
    if heads and kv and hd and hidden:
        n = (max(1, heads // tp) + 2 * max(1, kv // tp)) * hd
        k = hidden
    else:
        n = k = 128  # partial config: still a structurally valid compressed linear
    prefix = "model.layers.0.self_attn.qkv_proj."
    index_len = 8 * math.ceil(k / 256) * math.ceil(n / 128)
    weight_len = min(_COMPRESSED_BYTES, n * k - 1)
    return {
        prefix + "weight": ("I8", [weight_len], bytes(weight_len)),
        prefix + "index": ("I8", [index_len], bytes(index_len)),
        prefix + "info": ("I64", [5], struct.pack("<5q", 8, 8, k, n, 1)),
        prefix + "deq_scale": ("I64", [n], bytes(8 * n)),
        prefix + "quant_bias": ("I32", [n], bytes(4 * n)),
        prefix + "input_scale": ("F16", [1], struct.pack("<e", 1.0)),
        prefix + "input_offset": ("I8", [1], bytes(1)),
    }


def write_safetensors(path: Path, tensors: dict[str, tuple[str, list[int], bytes]],
                      metadata: dict[str, str] | None = None) -> Path:
    """Write a valid safetensors file: u64 LE header length, JSON header (space-padded to 8), data."""
    header: dict = {"__metadata__": metadata} if metadata else {}
    offset = 0
    for name, (dtype, shape, data) in tensors.items():
        expected = math.prod(shape) * _DTYPE_BYTES[dtype]
        if len(data) != expected:
            raise ValueError(f"{name}: {dtype}{shape} needs {expected} bytes, got {len(data)}")
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    with Path(path).open("wb") as fh:
        fh.write(struct.pack("<Q", len(raw)))
        fh.write(raw)
        for _, _, data in tensors.values():
            fh.write(data)
    return Path(path)
