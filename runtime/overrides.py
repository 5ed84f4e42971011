"""Command-line overrides of a profile's serve options for `duowiz --profile`.

Common options get their own flag (`--port 9000`, `--max-model-len 8192`); anything else goes
through `--set DEST=VALUE`. `--bind` sets vLLM's `--host` because `--host` here names the host
the plan is *checked* against (sim:… or a host file), never where it runs.
"""

from __future__ import annotations

import argparse
import json
import math

from runtime.argcheck import port_number
from wizard.findings import InputError, shorten

#: (flag, dest in profile.serve, type)
OVERRIDES: tuple[tuple[str, str, type], ...] = (
    ("--port", "port", int),
    ("--bind", "host", str),
    ("--max-model-len", "max_model_len", str),
    ("--tensor-parallel-size", "tensor_parallel_size", int),
    ("--gpu-memory-utilization", "gpu_memory_utilization", float),
    ("--max-num-seqs", "max_num_seqs", int),
    ("--max-num-batched-tokens", "max_num_batched_tokens", int),
    ("--served-model-name", "served_model_name", str),
    ("--dtype", "dtype", str),
    ("--quantization", "quantization", str),
    ("--load-format", "load_format", str),
    ("--compilation-config", "compilation_config", str),
    ("--additional-config", "additional_config", str),
    ("--api-key", "api_key", str),
)
JSON_DESTS = {"compilation_config", "additional_config", "speculative_config"}


def add_override_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("serve overrides (replace the profile's value)")
    for flag, dest, kind in OVERRIDES:
        group.add_argument(flag, dest=f"ov_{dest}", type=kind, metavar=dest.upper())
    group.add_argument("--enable-prefix-caching", dest="ov_enable_prefix_caching",
                       action=argparse.BooleanOptionalAction, default=None)
    group.add_argument("--set", dest="ov_set", action="append", default=[], metavar="DEST=VALUE",
                       help="any other serve option by vLLM dest name (JSON values allowed)")
    group.add_argument("--env", dest="ov_env", action="append", default=[], metavar="KEY=VALUE",
                       help="extra environment variable for the server")
    group.add_argument("--model", dest="ov_model", help="weights folder or hub id to serve instead")


def _no_json_constants(token: str):
    """JSON's NaN/Infinity are not JSON and no vLLM option accepts them."""
    raise ValueError(f"{token} is not a finite number")


def _loads(raw: str):
    """JSON without NaN/Infinity; ValueError when it nests deeper than any real config."""
    from wizard.launch.options import MAX_JSON_DEPTH, json_depth

    try:
        value = json.loads(raw, parse_constant=_no_json_constants)
    except RecursionError:
        value = None
        too_deep = True
    else:
        too_deep = json_depth(value) > MAX_JSON_DEPTH
    if too_deep:
        raise ValueError(f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)")
    return value


def _finite(label: str, value):
    """Reject nan/inf (as floats or as text like "nan", "-Infinity") before they reach the plan:
    no serve option takes them, and some parsers turn them into crashes instead of findings."""
    number = value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return value
    if isinstance(number, float) and not math.isfinite(number):
        raise InputError(f"{label} {shorten(repr(value), 80)}: must be a finite number")
    return value


def _value(dest: str, raw):
    label = f"--{dest.replace('_', '-')}"
    if dest in JSON_DESTS and isinstance(raw, str):
        try:
            return _loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"{label}: bad JSON ({exc.msg})") from None
        except ValueError as exc:  # NaN / Infinity, or nested too deeply
            raise InputError(f"{label}: bad JSON: {exc}") from None
    if dest == "port":
        return port_number(label, raw)
    return _finite(label, raw)


def _set_value(item: str, raw: str):
    """`--set` values: JSON when they parse as JSON (numbers, objects), else the text itself."""
    try:
        return _loads(raw)
    except json.JSONDecodeError:
        return raw
    except ValueError as exc:  # NaN / Infinity inside JSON
        raise InputError(f"--set {shorten(item, 80)!r}: {exc}") from None


def model_override(args: argparse.Namespace) -> str | None:
    """`--model` (None when not given); an empty value is an error, not "keep the profile's"."""
    model = getattr(args, "ov_model", None)
    if model is None:
        return None
    if not model.strip():
        raise InputError("--model: empty; give a weights folder or a hub id")
    return model.strip()


def collect_overrides(args: argparse.Namespace) -> tuple[dict, dict[str, str]]:
    """(serve overrides by dest, extra env). `--model` is *not* in the serve dict: it replaces the
    profile's `model` field (see model_override / launch_plan.profile_with_overrides)."""
    serve: dict = {}
    for _flag, dest, _kind in OVERRIDES:
        value = getattr(args, f"ov_{dest}", None)
        if value is not None:
            serve[dest] = _value(dest, value)
    if getattr(args, "ov_enable_prefix_caching", None) is not None:
        serve["enable_prefix_caching"] = args.ov_enable_prefix_caching
    for item in getattr(args, "ov_set", []) or []:
        key, eq, raw = item.partition("=")
        if not eq or not key.strip():
            raise InputError(f"--set {shorten(item, 80)!r}: expected DEST=VALUE")
        dest = key.strip().lstrip("-").replace("-", "_")
        value = _set_value(item, raw)
        if dest == "port" and isinstance(value, int):
            value = port_number("--set port", value)
        serve[dest] = _finite(f"--set {dest}", value)
    env: dict[str, str] = {}
    for item in getattr(args, "ov_env", []) or []:
        key, eq, raw = item.partition("=")
        if not eq or not key.strip():
            raise InputError(f"--env {shorten(item, 80)!r}: expected KEY=VALUE")
        env[key.strip()] = raw
    return serve, env
