"""Memory and context rules: max-model-len, weights, KV cache, the O(L²) attention mask."""

from __future__ import annotations

from wizard.assemble import effective_max_model_len
from wizard.estimate import constants as K
from wizard.estimate.memory import gmu_for_len, largest_fitting_len, mask_peak_bytes
from wizard.findings import error, info, warning
from wizard.rules._util import flag_evidence, gib
from wizard.rules.registry import rule


def _mask_applies(plan) -> bool:
    """False when the release is known to build fixed-size compressed masks (v0.21.0rc1+ kernels)."""
    return not plan.release.supports("compressed_mask")


def _mask_state(plan):
    """(L, peak, limiting chip, headroom) for the plan, or None when nothing is known."""
    L = effective_max_model_len(plan)
    if L is None or not plan.chips:
        return None
    T = plan.options.batched_tokens
    u = plan.options.gpu_memory_utilization
    peak = mask_peak_bytes(L, T)
    chip = min(plan.chips, key=lambda c: c.memory_total_mb * (1 - u) - c.memory_used_mb)
    headroom = int(chip.memory_total_mb * K.MiB * (1 - u)) - chip.memory_used_mb * K.MiB
    return L, T, peak, chip, headroom


@rule("mask-exceeds-memory", "mask-headroom-tight", group="memory")
def mask_vs_headroom(plan):
    """The O(L²) attention-mask peak exceeds (or nearly fills) the memory the profile leaves free."""
    state = _mask_state(plan) if _mask_applies(plan) else None
    if state is None:
        return
    L, T, peak, chip, headroom = state
    u = plan.options.gpu_memory_utilization
    workspace = ""
    if plan.estimate:
        workspace = f"; the unallocated workspace half of the KV budget ({gib(plan.estimate.limiting_chip.workspace_bytes)}) might absorb it, but nothing public shows that"
    over = peak > headroom
    # an error asks for "fits"; a tight warning asks for "fits with 20 % to spare"
    share = 1.0 if over else K.MASK_TIGHT_SHARE
    safe_len = largest_fitting_len(int(headroom * share), T)
    safe_u = gmu_for_len(chip.memory_total_mb * K.MiB, chip.memory_used_mb * K.MiB, L, T, share)
    numbers = (
        f"mask peak max(6·L², 4·L² + 6·T·L) = {gib(peak)} for L {L}, T {T}; safe headroom on chip {chip.logic_id} = "
        f"{chip.memory_total_mb} MB × (1 − {u:.2f}) − {chip.memory_used_mb} MB used = {gib(headroom)}{workspace}"
    )
    evidence = f"{flag_evidence(plan, 'max_model_len', f'--max-model-len not given: model default {L}')}; --gpu-memory-utilization {u}"
    fix = f"use --max-model-len {safe_len}" + (f", or --gpu-memory-utilization {safe_u:.2f} to keep {L}" if safe_u >= 0.5 else "")
    if over:
        yield error(
            "mask-exceeds-memory",
            f"the dense fp16 [L, L] attention mask is built outside the memory profile and will OOM: {numbers}. "
            "A server that starts can still die at the first long prompt (the second mask)",
            evidence=evidence,
            fix=fix,
        )
    elif peak > K.MASK_TIGHT_SHARE * headroom:
        yield warning(
            "mask-headroom-tight",
            f"the attention mask takes {peak / headroom:.0%} of the safe headroom: {numbers}",
            evidence=evidence,
            fix=fix,
        )


@rule("max-model-len-unset", group="memory")
def max_model_len_unset(plan):
    """--max-model-len omitted: vLLM takes the model's full context, and the 310P mask grows with its square."""
    if plan.options.max_model_len:
        return
    default = effective_max_model_len(plan)
    state = _mask_state(plan)
    too_big = state is not None and _mask_applies(plan) and state[2] > state[4]
    if plan.estimate and default and plan.estimate.kv_cache_tokens < default:
        too_big = True
    what = f"the model's default {default}" if default else "the model's default context (unknown here)"
    make = error if too_big else warning
    candidates = [16384] + ([default] if default else [])
    if state is not None and _mask_applies(plan):
        candidates.append(largest_fitting_len(state[4], state[1]))
    if plan.estimate:
        candidates.append(plan.estimate.kv_cache_tokens // 1024 * 1024)
    suggested = max(1024, min(c for c in candidates if c > 0)) if any(c > 0 for c in candidates) else 8192
    yield make(
        "max-model-len-unset",
        f"--max-model-len not given: vLLM takes {what}"
        + (", which does not fit on this chip" if too_big else "; the 310P docs say never omit it"),
        evidence="--max-model-len not given",
        fix=f"add --max-model-len {suggested}",
    )


@rule("max-model-len-exceeds-model", group="memory")
def max_model_len_exceeds_model(plan):
    """--max-model-len above max_position_embeddings (× rope scaling)."""
    m, L = plan.model, plan.options.max_model_len
    if m is None or not L or m.max_context is None or L <= m.max_context:
        return
    yield error(
        "max-model-len-exceeds-model",
        f"--max-model-len {L} is above the model's {m.max_context} (max_position_embeddings"
        + (f" × rope factor {m.rope_scaling_factor}" if m.rope_scaling_factor else "")
        + ")",
        evidence=f"{flag_evidence(plan, 'max_model_len')}; {m.origin}",
        fix=f"use --max-model-len {m.max_context} or less",
    )


@rule("weights-do-not-fit", group="memory")
def weights_do_not_fit(plan):
    """Weights per chip exceed the profiled budget total × gpu-memory-utilization."""
    est = plan.estimate
    if est is None:
        return
    for c in est.chips:
        if c.weights_bytes + c.activation_bytes + c.non_torch_bytes + c.used_bytes > c.budget_bytes:
            tp = plan.options.tensor_parallel_size
            yield error(
                "weights-do-not-fit",
                f"chip {c.logic_id}: weights {gib(c.weights_bytes)} + activation {gib(c.activation_bytes)} + non-torch "
                f"{gib(c.non_torch_bytes)} + used {gib(c.used_bytes)} exceed the budget {gib(c.budget_bytes)} "
                f"({gib(c.total_bytes)} × {plan.options.gpu_memory_utilization:.2f}); weights: {est.weights_method}",
                evidence=f"{plan.model.origin}; {plan.weights.origin}",
                fix=f"use W8A8S/W8A8SC weights (≈ half the bytes) or --tensor-parallel-size {tp * 2}",
            )
            return


@rule("kv-cache-too-small", group="memory")
def kv_cache_too_small(plan):
    """The KV cache cannot hold one max-model-len sequence: vLLM refuses to start."""
    est = plan.estimate
    if est is None or est.kv_cache_tokens >= est.max_model_len:
        return
    if any(c.weights_bytes + c.activation_bytes + c.non_torch_bytes + c.used_bytes > c.budget_bytes for c in est.chips):
        return  # weights-do-not-fit already says it, louder
    c = est.limiting_chip
    yield error(
        "kv-cache-too-small",
        f"KV cache holds {est.kv_cache_tokens} tokens on chip {c.logic_id} ({gib(c.kv_cache_bytes)} after the 310P halving, "
        f"{est.kv_bytes_per_token} B/token) but one sequence needs {est.max_model_len}",
        evidence=f"{flag_evidence(plan, 'max_model_len')}; --gpu-memory-utilization {plan.options.gpu_memory_utilization}",
        fix=f"use --max-model-len {max(128, est.kv_cache_tokens // 1024 * 1024)} or a larger TP",
    )


@rule("low-concurrency", group="memory")
def low_concurrency(plan):
    """The KV cache holds fewer than max-num-seqs full-length sequences."""
    est = plan.estimate
    if est is None or not est.max_concurrency or est.kv_cache_tokens < est.max_model_len:
        return
    seqs = plan.options.seqs
    if est.max_concurrency < seqs:
        yield info(
            "low-concurrency",
            f"KV cache {est.kv_cache_tokens} tokens = {est.max_concurrency:.2f}× max-model-len {est.max_model_len}: "
            f"fewer than max-num-seqs {seqs} full-length sequences fit (shorter ones share the cache)",
            evidence=flag_evidence(plan, "max_num_seqs"),
            fix=f"fine for short prompts; for full-length concurrency use --max-num-seqs {max(1, int(est.max_concurrency))}",
        )
