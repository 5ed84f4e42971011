"""Options 310P cannot run, and --additional-config keys vllm-ascend silently ignores."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

from wizard.findings import error, warning
from wizard.rules._util import flag_evidence
from wizard.rules.registry import rule

_KEYS_FILE = Path(__file__).resolve().parent.parent / "data" / "ascend_config_keys.json"
MLA_MODEL_TYPES = {"deepseek_v2", "deepseek_v3", "deepseek_v32", "kimi_k2", "glm_moe_dsa"}


@lru_cache(maxsize=1)
def _known_keys() -> dict:
    return json.loads(_KEYS_FILE.read_text(encoding="utf-8"))


def keys_revision(version: str | None) -> str:
    """Which read of vllm-ascend's config keys applies: v0.18.0 for ≤ v0.22, v0.23.0 for v0.23.x, else main."""
    if not version:
        return "v0.18.0"
    parts = version.lstrip("v").split(".")
    try:
        minor = int(parts[1])
    except (IndexError, ValueError):
        return "v0.18.0"
    if minor <= 22:
        return "v0.18.0"
    return "v0.23.0" if minor == 23 else "main"


def _did_you_mean(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@rule("unknown-ascend-config-key", group="options")
def unknown_ascend_config_key(plan):
    """A key in --additional-config that vllm-ascend does not read (it is silently ignored)."""
    extra = plan.options.additional_config
    if not extra:
        return
    rev = keys_revision(plan.release.version)
    table = _known_keys()[rev]["keys"]
    for key, value in extra.items():
        if key not in table:
            yield warning(
                "unknown-ascend-config-key",
                f"--additional-config key {key!r} is not read by vllm-ascend {rev}{_did_you_mean(key, list(table))}: "
                "it is silently ignored",
                evidence=flag_evidence(plan, "additional_config"),
                fix="remove it or correct the spelling",
            )
            continue
        nested = table[key]
        if nested and isinstance(value, dict):
            for sub in value:
                if sub not in nested:
                    yield warning(
                        "unknown-ascend-config-key",
                        f"--additional-config {key}.{sub} is not read by vllm-ascend {rev}"
                        f"{_did_you_mean(sub, nested)}: it is silently ignored, so the intended setting never applies",
                        evidence=flag_evidence(plan, "additional_config"),
                        fix=f"use one of {key}'s keys: {', '.join(nested)}",
                    )


def _unsupported(plan):
    """(what, evidence, fix) for every option 310P cannot run."""
    o, m = plan.options, plan.model
    if o.enable_lora:
        yield "LoRA", flag_evidence(plan, "enable_lora"), "drop --enable-lora (merge the adapter into the weights instead)"
    if o.kv_transfer_config:
        yield "KV transfer / PD disaggregation", flag_evidence(plan, "kv_transfer_config"), "drop --kv-transfer-config"
    if m and (m.model_type in MLA_MODEL_TYPES):
        yield f"MLA / sparse-attention model {m.model_type}", m.origin, "serve a model with standard attention (Qwen3 dense)"
    pooling = (o.runner or "").lower() == "pooling"
    if pooling and plan.release.supports("pooling") is False:
        yield (
            f"pooling (--runner pooling) before vllm-ascend v0.20.2rc1 (release {plan.release.version or 'assumed v0.18.0'})",
            flag_evidence(plan, "runner"),
            "use the v0.20.2rc1-310p image or later for embedding models",
        )
    ac = o.ascend_compilation()
    for key in ("enable_npugraph_ex", "enable_static_kernel"):
        if ac.get(key) is True:
            if plan.release.supports("npugraph_ex_forced_off"):
                yield "ignored:" + key, flag_evidence(plan, "additional_config"), f"drop {key}"
            elif plan.release.supports("npugraph_ex_true_unsupported"):
                yield (
                    f"{key}: true on release {plan.release.version} (its docs say the 300I DUO does not support it; "
                    "from v0.23.0 it is forced off)",
                    flag_evidence(plan, "additional_config"),
                    f"set {key} false or drop it",
                )


@rule("option-unsupported-on-310p", group="options")
def option_unsupported_on_310p(plan):
    """An option 310P cannot run: LoRA, KV transfer, MLA models, early pooling, enable_npugraph_ex true …"""
    for what, evidence, fix in _unsupported(plan):
        if what.startswith("ignored:"):
            key = what.split(":", 1)[1]
            yield warning(
                "option-unsupported-on-310p",
                f"{key}: true is not supported on 310P; release {plan.release.version} forces it off with a warning",
                evidence=evidence,
                fix=fix,
            )
        else:
            yield error("option-unsupported-on-310p", f"not supported on 310P: {what}", evidence=evidence, fix=fix)


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


@rule("ascend-env-not-310p", group="options")
def ascend_env_not_310p(plan):
    """A VLLM_ASCEND_ENABLE_* switch for an A2/A3 feature turned on for a 310P server (or one this release does not read)."""
    rev = keys_revision(plan.release.version)
    table = _known_keys()[rev]
    not_310p, known = set(table.get("env_not_310p", [])), set(table.get("env", []))
    for name, value in sorted(plan.env.items()):
        if not name.startswith("VLLM_ASCEND_ENABLE") or not _truthy(value):
            continue
        if name in not_310p:
            yield warning(
                "ascend-env-not-310p",
                f"{name}={value} switches on an A2/A3 feature that vllm-ascend {rev} does not use on 310P "
                "(an A2/A3 recipe setting: at best ignored, at worst a different code path)",
                evidence=f"env {name}={value}",
                fix=f"unset {name}",
            )
        elif known and name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            yield warning(
                "ascend-env-not-310p",
                f"{name} is not read by vllm-ascend {rev}{f' (did you mean {close[0]}?)' if close else ''}: it has no effect",
                evidence=f"env {name}={value}",
                fix=f"unset {name}" + (f" or use {close[0]}" if close else ""),
            )
