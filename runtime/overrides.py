"""Command-line overrides of a profile's serve options for `duowiz --profile`.

Common options get their own flag (`--port 9000`, `--max-model-len 8192`); anything else goes
through `--set DEST=VALUE`. `--bind` sets vLLM's `--host` because `--host` here names the host
the plan is *checked* against (sim:… or a host file), never where it runs.
"""

from __future__ import annotations

import argparse
import json

from wizard.findings import InputError

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


def _value(dest: str, raw):
    if dest in JSON_DESTS and isinstance(raw, str):
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"--{dest.replace('_', '-')}: bad JSON ({exc.msg})") from None
    return raw


def collect_overrides(args: argparse.Namespace) -> tuple[dict, dict[str, str]]:
    """(serve overrides by dest, extra env)."""
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
            raise InputError(f"--set {item!r}: expected DEST=VALUE")
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        serve[key.strip().lstrip("-").replace("-", "_")] = value
    env: dict[str, str] = {}
    for item in getattr(args, "ov_env", []) or []:
        key, eq, raw = item.partition("=")
        if not eq or not key.strip():
            raise InputError(f"--env {item!r}: expected KEY=VALUE")
        env[key.strip()] = raw
    return serve, env
