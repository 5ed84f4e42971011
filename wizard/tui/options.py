"""The serve options the guided setup lets you edit, and how typed text becomes a value.

Plain Python (no Textual) so the parsing rules are unit-tested on their own. Every option is
keyed by its vLLM dest name, the same key a profile's `serve:` mapping uses, except
`capture_sizes`, which lives inside `compilation_config.cudagraph_capture_sizes`. Empty text
means "not set": vLLM's own default applies, and the check says what that default does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

#: the pseudo-key for compilation_config.cudagraph_capture_sizes
CAPTURE_SIZES = "capture_sizes"

#: vLLM 0.18 `--dtype` choices (310P computes in float16: bfloat16 is the case the rules flag)
DTYPE_CHOICES = ("auto", "float16", "half", "bfloat16", "float", "float32")

_HUMAN_INT = re.compile(r"^(\d+)([kKmM]?)$")
#: vLLM's human_readable_int: lowercase = decimal (1k = 1000), uppercase = binary (1K = 1024)
_MULTIPLIER = {"": 1, "k": 1000, "K": 1024, "m": 1000**2, "M": 1024**2}


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise ValueError(f"{value} must be at least 1")
    return value


def _model_len(text: str) -> int:
    match = _HUMAN_INT.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a token count (e.g. 16384, 32k, 32K)")
    value = int(match.group(1)) * _MULTIPLIER[match.group(2)]
    if value < 1:
        raise ValueError("max-model-len must be at least 1")
    return value


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number between 0 and 1") from None
    if not 0.0 < value <= 1.0:
        raise ValueError(f"{value} is outside (0, 1]: it is the share of each chip vLLM may claim")
    return value


def _sizes(text: str) -> list[int]:
    parts = [p for p in re.split(r"[\s,;]+", text.strip("[] ")) if p]
    if not parts:
        raise ValueError("give batch sizes such as 1,2,4,8")
    return [_positive_int(p) for p in parts]


def _dtype(text: str) -> str:
    if text not in DTYPE_CHOICES:
        raise ValueError(f"{text!r} is not a vLLM dtype ({', '.join(DTYPE_CHOICES)})")
    return text


@dataclass(frozen=True)
class OptionSpec:
    key: str
    #: what the form shows above the input (the vLLM flag, so it reads like the command line)
    label: str
    flag: str
    placeholder: str
    parse: Callable[[str], Any]
    choices: tuple[str, ...] | None = None


OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec("tensor_parallel_size", "--tensor-parallel-size", "--tensor-parallel-size", "1 (one chip)", _positive_int),
    OptionSpec("max_model_len", "--max-model-len", "--max-model-len", "model default", _model_len),
    OptionSpec("gpu_memory_utilization", "--gpu-memory-utilization", "--gpu-memory-utilization", "0.9", _fraction),
    OptionSpec("max_num_seqs", "--max-num-seqs", "--max-num-seqs", "vLLM default", _positive_int),
    OptionSpec(CAPTURE_SIZES, "capture sizes (-cc)", "cudagraph_capture_sizes", "e.g. 1,2,4,8", _sizes),
    OptionSpec("dtype", "--dtype", "--dtype", "auto", _dtype, DTYPE_CHOICES),
)
OPTION_KEYS = tuple(o.key for o in OPTIONS)


def option_spec(key: str) -> OptionSpec:
    for spec in OPTIONS:
        if spec.key == key:
            return spec
    raise KeyError(key)


def parse_option(key: str, text: str) -> Any:
    """Typed value for `key` from what was typed; None for empty text. Raises ValueError."""
    text = text.strip()
    if not text:
        return None
    return option_spec(key).parse(text)


def format_value(value: Any) -> str:
    """The value as it is shown in its input field (the inverse of parse_option)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def read_option(serve: dict, key: str) -> Any:
    """The current value of `key` in a profile's serve mapping."""
    if key == CAPTURE_SIZES:
        cc = serve.get("compilation_config")
        return cc.get("cudagraph_capture_sizes") if isinstance(cc, dict) else None
    return serve.get(key)


def apply_options(serve: dict, overrides: dict[str, Any]) -> dict:
    """A new serve mapping with `overrides` applied; None removes the option."""
    out = dict(serve)
    for key, value in overrides.items():
        if key == CAPTURE_SIZES:
            cc = dict(out.get("compilation_config") or {}) if isinstance(out.get("compilation_config"), dict) else {}
            if value is None:
                cc.pop("cudagraph_capture_sizes", None)
            else:
                cc["cudagraph_capture_sizes"] = list(value)
            if cc:
                out["compilation_config"] = cc
            else:
                out.pop("compilation_config", None)
        elif value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out
