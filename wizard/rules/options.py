"""Option rules: dtype, KV-cache dtype, ascend additional-config, prefix caching, env switches."""

from __future__ import annotations

import json

from wizard.findings import error, warning
from wizard.rules._util import flag_evidence
from wizard.rules.registry import rule

FLOAT16 = {"float16", "half", "fp16"}


@rule("dtype-not-float16", group="options")
def dtype_not_float16(plan):
    """dtype is not float16 (310P has no bf16); `auto` resolves to the checkpoint's dtype."""
    dtype = (plan.options.dtype or "auto").lower()
    if dtype in FLOAT16:
        return
    fix = "add --dtype float16"
    if dtype != "auto":
        yield error("dtype-not-float16", f"--dtype {dtype}: 310P computes in float16 only", flag_evidence(plan, "dtype"), fix)
        return
    model_dtype = (plan.model.torch_dtype or "").lower() if plan.model else ""
    if model_dtype in FLOAT16:
        return
    if model_dtype:
        yield error(
            "dtype-not-float16",
            f"--dtype auto takes the checkpoint's {model_dtype}, which 310P cannot run",
            evidence=f"config.json torch_dtype = {model_dtype} ({plan.model.origin})",
            fix=fix,
        )
    else:
        yield warning(
            "dtype-not-float16",
            "--dtype auto with the model's dtype unknown: Qwen3 checkpoints are bfloat16, which 310P cannot run",
            evidence=f"{flag_evidence(plan, 'dtype')}; " + ("config.json has no torch_dtype" if plan.model else "no config.json or catalog entry"),
            fix=fix,
        )


@rule("kv-cache-dtype-unsupported", group="options")
def kv_cache_dtype_unsupported(plan):
    """fp8 (or any non-auto) KV-cache dtype: not supported on 310P."""
    kv = (plan.options.kv_cache_dtype or "auto").lower()
    if kv not in ("auto", "float16", "half"):
        yield error(
            "kv-cache-dtype-unsupported",
            f"--kv-cache-dtype {kv} is not supported on 310P (starts, then fails at the first request)",
            evidence=flag_evidence(plan, "kv_cache_dtype"),
            fix="drop --kv-cache-dtype (use the default auto = float16)",
        )


def _merged_additional_config(plan) -> str:
    """The user's --additional-config with fuse_norm_quant set false (one JSON object: a second
    --additional-config would replace the first, not merge with it)."""
    merged = json.loads(json.dumps(plan.options.additional_config or {}))
    section = merged.get("ascend_compilation_config")
    if not isinstance(section, dict):
        section = merged["ascend_compilation_config"] = {}
    import difflib

    for key in [k for k in section if k != "fuse_norm_quant"]:
        if difflib.get_close_matches(key, ["fuse_norm_quant"], n=1, cutoff=0.8):
            del section[key]  # a typo of it (fuse_norm_qaunt): keeping it would only confuse
    section["fuse_norm_quant"] = False
    return json.dumps(merged)


@rule("fuse-norm-quant-enabled", group="options")
def fuse_norm_quant_enabled(plan):
    """Quantized weights in graph mode on a release that needs fuse_norm_quant false, and it is not set false."""
    release = plan.release
    if not plan.options.graph_mode or release.supports("fuse_norm_quant_auto_skipped") or release.supports("graph_mode") is False:
        return
    quantized = (plan.weights.quant_type or "").upper().startswith("W8A8") or (plan.options.quantization or "") == "ascend"
    if not quantized:
        return  # the pass fuses RMSNorm with activation quantization: float16 models have none
    ac = plan.options.ascend_compilation()
    value = ac.get("fuse_norm_quant", True)
    if value is not False:
        yield error(
            "fuse-norm-quant-enabled",
            f"fuse_norm_quant is on ({'set explicitly' if 'fuse_norm_quant' in ac else 'the default'}) with graph mode "
            "and quantized weights: the RMSNorm+quant fusion pass runs at graph compile and the 310P tutorial for this "
            "release turns it off (its configurations are validated only that way); "
            f"release {plan.release.version or 'unknown'} ({plan.release.source})",
            evidence="--additional-config ascend_compilation_config.fuse_norm_quant "
            + (f"= {json.dumps(value)}" if "fuse_norm_quant" in ac else "not set (default true)"),
            fix=f"--additional-config '{_merged_additional_config(plan)}'"
            + (" (replacing the one given: the last --additional-config wins)" if plan.options.additional_config else ""),
        )


@rule("prefix-caching-enabled", group="options")
def prefix_caching_enabled(plan):
    """Prefix caching on (vLLM's default): every 310P reference config disables it."""
    if plan.options.enable_prefix_caching is not False:
        how = "--enable-prefix-caching given" if plan.options.enable_prefix_caching else "vLLM enables it unless told not to"
        yield warning(
            "prefix-caching-enabled",
            f"prefix caching is on ({how}); every 310P reference configuration runs with it off",
            evidence=flag_evidence(plan, "enable_prefix_caching"),
            fix="add --no-enable-prefix-caching",
        )


@rule("launch-blocking-with-graph", group="options")
def launch_blocking_with_graph(plan):
    """ASCEND_LAUNCH_BLOCKING=1 with a graph mode: vllm-ascend rejects it at start."""
    if plan.env.get("ASCEND_LAUNCH_BLOCKING", "").strip() == "1" and plan.options.graph_mode:
        yield error(
            "launch-blocking-with-graph",
            f"ASCEND_LAUNCH_BLOCKING=1 with graph mode {plan.options.cudagraph_mode or 'default'}: "
            "\"ACL graph is incompatible with ASCEND_LAUNCH_BLOCKING=1\"",
            evidence="env ASCEND_LAUNCH_BLOCKING=1",
            fix="unset ASCEND_LAUNCH_BLOCKING (a debug setting), or add --enforce-eager while debugging",
        )


@rule("hccl-aiv-unverified", group="options")
def hccl_aiv_unverified(plan):
    """HCCL_OP_EXPANSION_MODE=AIV on 310P: an A2/A3 setting nobody has shown working on 310P."""
    if plan.env.get("HCCL_OP_EXPANSION_MODE", "").strip().upper() == "AIV":
        yield warning(
            "hccl-aiv-unverified",
            "HCCL_OP_EXPANSION_MODE=AIV is an A2/A3 recipe setting; no 310P reference configuration uses it",
            evidence="env HCCL_OP_EXPANSION_MODE=AIV",
            fix="unset HCCL_OP_EXPANSION_MODE",
        )
