"""ServeOptions: the typed view of a LaunchSpec that rules and the estimator read.

Defaults are vLLM 0.18.0's (`vllm-0.18.0-serve-flags.json`) and, for the batch sizes that vLLM
picks at run time, `engine/arg_utils.py get_batch_defaults` on a device under 70 GB (every 310P
chip): max_num_batched_tokens 2048, max_num_seqs 256 (reference/310p-facts.md §2).
Values that do not parse are collected in `invalid` (-> `invalid-flag-value`), never raised.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from wizard.launch.spec import LaunchSpec

#: vLLM's batch defaults on a device with < 70 GB (every 310P chip), engine/arg_utils.py.
DEFAULT_MAX_NUM_BATCHED_TOKENS = 2048
DEFAULT_MAX_NUM_SEQS = 256


@dataclass
class ServeOptions:
    model: str | None = None
    tensor_parallel_size: int = 1
    pipeline_parallel_size: int = 1
    data_parallel_size: int = 1
    enable_expert_parallel: bool = False
    max_model_len: int | None = None
    gpu_memory_utilization: float = 0.9
    max_num_seqs: int | None = None
    max_num_batched_tokens: int | None = None
    enable_chunked_prefill: bool | None = None
    dtype: str = "auto"
    kv_cache_dtype: str = "auto"
    quantization: str | None = None
    load_format: str = "auto"
    enforce_eager: bool = False
    enable_prefix_caching: bool | None = None
    compilation_config: dict | None = None
    additional_config: dict | None = None
    speculative_config: dict | None = None
    kv_transfer_config: dict | None = None
    enable_lora: bool = False
    runner: str | None = None
    mamba_ssm_cache_dtype: str | None = None
    host: str | None = None
    port: int = 8000
    api_key: str | None = None
    served_model_name: str | None = None
    trust_remote_code: bool = False
    nnodes: int = 1
    #: (flag spelling, raw value, reason) for values that cannot parse
    invalid: list[tuple[str, str, str]] = field(default_factory=list)
    #: (flag spelling, raw value) for values left as shell placeholders (`$4`, `$SERVER_PORT`):
    #: unknown until the script runs, so the default is kept and no invalid-flag-value is raised
    unresolved: list[tuple[str, str]] = field(default_factory=list)

    # --- derived values the rules share -------------------------------------------------
    @property
    def batched_tokens(self) -> int:
        """T in the mask formula: the chunked-prefill budget vLLM will use."""
        if self.max_num_batched_tokens:
            return self.max_num_batched_tokens
        if self.enable_chunked_prefill is False and self.max_model_len:
            return max(self.max_model_len, DEFAULT_MAX_NUM_BATCHED_TOKENS)
        return DEFAULT_MAX_NUM_BATCHED_TOKENS

    @property
    def seqs(self) -> int:
        return self.max_num_seqs or DEFAULT_MAX_NUM_SEQS

    @property
    def cudagraph_mode(self) -> str | None:
        """None when the line leaves it to vLLM's default (FULL_AND_PIECEWISE, which vllm-ascend
        maps to its graph mode); 'NONE' when --enforce-eager."""
        if self.enforce_eager:
            return "NONE"
        cc = self.compilation_config or {}
        mode = cc.get("cudagraph_mode")
        return str(mode).upper() if mode is not None else None

    @property
    def graph_mode(self) -> bool:
        return self.cudagraph_mode not in ("NONE",)

    @property
    def capture_sizes(self) -> list[int] | None:
        cc = self.compilation_config or {}
        sizes = cc.get("cudagraph_capture_sizes")
        if isinstance(sizes, list) and all(isinstance(s, int) for s in sizes):
            return sizes
        return None

    @property
    def speculative_tokens(self) -> int:
        spec = self.speculative_config or {}
        try:
            return int(spec.get("num_speculative_tokens") or 0)
        except (TypeError, ValueError):
            return 0

    @property
    def parallel_chips(self) -> int:
        return self.tensor_parallel_size * self.pipeline_parallel_size * self.data_parallel_size

    def ascend_compilation(self) -> dict:
        ac = self.additional_config or {}
        value = ac.get("ascend_compilation_config")
        return value if isinstance(value, dict) else {}


# dest -> (kind, ServeOptions attribute); kinds: int, float, str, bool, json
_FIELDS: dict[str, tuple[str, str]] = {
    "model": ("str", "model"),
    "tensor_parallel_size": ("int", "tensor_parallel_size"),
    "pipeline_parallel_size": ("int", "pipeline_parallel_size"),
    "data_parallel_size": ("int", "data_parallel_size"),
    "enable_expert_parallel": ("bool", "enable_expert_parallel"),
    "max_model_len": ("int", "max_model_len"),
    "gpu_memory_utilization": ("float", "gpu_memory_utilization"),
    "max_num_seqs": ("int", "max_num_seqs"),
    "max_num_batched_tokens": ("int", "max_num_batched_tokens"),
    "enable_chunked_prefill": ("bool", "enable_chunked_prefill"),
    "dtype": ("str", "dtype"),
    "kv_cache_dtype": ("str", "kv_cache_dtype"),
    "quantization": ("str", "quantization"),
    "load_format": ("str", "load_format"),
    "enforce_eager": ("bool", "enforce_eager"),
    "enable_prefix_caching": ("bool", "enable_prefix_caching"),
    "compilation_config": ("json", "compilation_config"),
    "additional_config": ("json", "additional_config"),
    "speculative_config": ("json", "speculative_config"),
    "kv_transfer_config": ("json", "kv_transfer_config"),
    "enable_lora": ("bool", "enable_lora"),
    "runner": ("str", "runner"),
    "mamba_ssm_cache_dtype": ("str", "mamba_ssm_cache_dtype"),
    "host": ("str", "host"),
    "port": ("int", "port"),
    "api_key": ("str", "api_key"),
    "served_model_name": ("str", "served_model_name"),
    "trust_remote_code": ("bool", "trust_remote_code"),
    "nnodes": ("int", "nnodes"),
}

_TRUE = {"", "true", "1", "yes", "on"}
#: a value that is only an unexpanded shell parameter: $1, $TP, ${TP}, ${TP:-4}
_PLACEHOLDER = re.compile(r"^\$(\d|[A-Za-z_][A-Za-z0-9_]*|\{[^}]*\})$")
_FALSE = {"false", "0", "no", "off"}


def _human_max_model_len(raw: str) -> int:
    """vLLM accepts 16k / 16K / 1m style suffixes for --max-model-len."""
    text = raw.strip().lower()
    mult = 1
    if text and text[-1] in "km":
        mult = 1000 if text[-1] == "k" else 1000_000
        if raw.strip()[-1] in "KM":
            mult = 1024 if text[-1] == "k" else 1024 * 1024
        text = text[:-1]
    try:
        return int(float(text) * mult)
    except ValueError:
        raise ValueError("expected a number of tokens such as 16384, 16k or 16K") from None


#: What vLLM (or any 310P host) can take; values outside are reported, not folded in, so an
#: absurd TP cannot make a rule loop for minutes and a negative length cannot look "OK".
_RANGES: dict[str, tuple[float, float]] = {
    "tensor_parallel_size": (1, 64),
    "pipeline_parallel_size": (1, 64),
    "data_parallel_size": (1, 64),
    "nnodes": (1, 1024),
    "max_model_len": (1, 1 << 24),
    "max_num_seqs": (1, 1 << 16),
    "max_num_batched_tokens": (1, 1 << 24),
    "port": (1, 65535),
    "gpu_memory_utilization": (0.01, 1.0),
}


def _in_range(dest: str, value):
    low, high = _RANGES.get(dest, (-math.inf, math.inf))
    if not low <= value <= high:
        shown = f"{low:g}..{high:g}" if isinstance(value, float) else f"{int(low)}..{int(high)}"
        raise ValueError(f"must be within {shown}")
    return value


def _coerce(kind: str, dest: str, raw: str | None, spelling: str) -> Any:
    if kind == "bool":
        if raw is None:
            # --no-X switches set False, --X sets True
            return not spelling.lstrip("-").replace("_", "-").startswith("no-")
        text = raw.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError("expected true or false")
    if raw is None:
        raise ValueError("missing value")
    if kind == "int":
        if dest == "max_model_len":
            value = _human_max_model_len(raw)
        else:
            try:
                value = int(raw.strip().strip('"'))
            except ValueError:
                raise ValueError("expected a whole number") from None
        return _in_range(dest, value)
    if kind == "float":
        try:
            value = float(raw.strip().strip('"'))
        except ValueError:
            raise ValueError("expected a number") from None
        if not math.isfinite(value):
            raise ValueError("expected a finite number")
        return _in_range(dest, value)
    if kind == "json":
        value = load_json_value(raw)
        if not isinstance(value, dict):
            raise ValueError("expected a JSON object")
        return value
    return raw


#: deeper than any real vLLM / vllm-ascend config (they nest 2–3 levels); the cap keeps every
#: later walk of the value (merging, json.dumps, rules) far from Python's recursion limit
MAX_JSON_DEPTH = 32


def json_depth(value: Any) -> int:
    """How deeply lists and objects nest in `value` (iterative: safe on any depth)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        elif not isinstance(node, list):
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node)
    return deepest


class JSONTooDeep(ValueError):
    """A JSON value (or a dotted flag's key) nested deeper than MAX_JSON_DEPTH."""


def load_json_value(raw: str) -> Any:
    """A JSON flag value; ValueError (-> invalid-flag-value) when it is not JSON or nests too deeply."""
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"bad JSON ({exc.msg} at char {exc.pos})") from None
    except RecursionError:
        raise JSONTooDeep(f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)") from None
    if json_depth(value) > MAX_JSON_DEPTH:
        raise JSONTooDeep(f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)")
    return value


def serve_options(spec: LaunchSpec) -> ServeOptions:
    """Fold the flags (last one wins, as argparse) into typed options."""
    opts = ServeOptions(model=spec.model)
    dotted: dict[str, dict] = {}
    for use in spec.flags:
        if use.dest is None or use.dest not in _FIELDS:
            continue
        if use.key:
            try:
                _merge_dotted(dotted.setdefault(use.dest, {}), use.key, use.value)
            except ValueError as exc:
                opts.invalid.append((use.spelling, use.value or "", str(exc)))
            continue
        kind, attr = _FIELDS[use.dest]
        if kind != "str" and use.value is not None and (use.unresolved or _PLACEHOLDER.match(use.value.strip())):
            opts.unresolved.append((use.spelling, use.value))
            continue
        try:
            value = _coerce(kind, use.dest, use.value, use.spelling)
        except (ValueError, TypeError, OverflowError) as exc:
            opts.invalid.append((use.spelling, use.value or "", str(exc)))
            continue
        setattr(opts, attr, value)
    for dest, value in dotted.items():
        # vLLM folds `--compilation-config.x=y` flags into one JSON object that it passes after
        # every other argument, so it replaces an earlier `--compilation-config '{…}'` entirely
        if _FIELDS[dest][0] == "json":
            setattr(opts, _FIELDS[dest][1], value)
    if opts.model is None:
        opts.model = spec.model
    return opts


def _dotted_value(raw: str | None) -> Any:
    """A dotted flag's value as vLLM reads it: JSON if it parses, else a 1k/2M style int, else text."""
    if raw is None:
        return None
    try:
        return load_json_value(raw)
    except JSONTooDeep:
        raise
    except ValueError:
        pass
    try:
        return _human_max_model_len(raw)
    except ValueError:
        return raw


def _merge_dotted(target: dict, key: str, raw: str | None) -> None:
    """`cudagraph_mode` = FULL into {"cudagraph_mode": "FULL"}; `a.b` nests; `sizes+` appends."""
    append = key.endswith("+")
    parts = key.rstrip("+").split(".")
    if len(parts) > MAX_JSON_DEPTH:
        raise JSONTooDeep(f"key nested too deeply ({len(parts)} levels, more than {MAX_JSON_DEPTH})")
    node = target
    for part in parts[:-1]:
        child = node.get(part)
        node = node.setdefault(part, {}) if isinstance(child, dict) or child is None else node
    leaf = parts[-1]
    if append:
        items = [_dotted_value(item) for item in (raw or "").split(",") if item != ""]
        existing = node.get(leaf)
        node[leaf] = (existing if isinstance(existing, list) else []) + items
    else:
        node[leaf] = _dotted_value(raw)
