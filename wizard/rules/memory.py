"""Memory and context rules: max-model-len, weights, KV cache, the O(L²) attention mask."""

from __future__ import annotations

from wizard.assemble import effective_max_model_len
from wizard.estimate import constants as K
from wizard.rules._mask import mask_applies, mask_state, mask_uncertain, suggested_gmu, suggested_max_model_len
from wizard.findings import error, info, warning
from wizard.rules._util import flag_evidence, gib
from wizard.rules.registry import rule


def _mask_fix(plan, state) -> str:
    L = state[0]
    options = []
    safe_len = suggested_max_model_len(plan)
    if safe_len and safe_len < L:
        options.append(f"use --max-model-len {safe_len}")
    safe_u = suggested_gmu(plan, state)
    if safe_u is not None and safe_u < plan.options.gpu_memory_utilization:
        options.append(f"--gpu-memory-utilization {safe_u:.2f} to keep {L}")
    if not options:
        return f"use a larger TP, or free chip memory: {L} tokens do not fit at any utilization here"
    return ", or ".join(options)


REFERENCE_NOTE = " (for scale: the v0.18.0 reference Qwen3-32B TP4 config, 20480 at 0.90 on a 96 GB DUO, sits at 83 % and runs)"


@rule(
    "mask-exceeds-memory",
    "mask-headroom-tight",
    group="memory",
    docs={
        "mask-exceeds-memory": "The O(L²) attention-mask peak exceeds the memory the profile leaves free: OOM after start-up.",
        "mask-headroom-tight": "The attention-mask peak takes 80–100 % of the memory the profile leaves free.",
    },
)
def mask_vs_headroom(plan):
    """The O(L²) attention-mask peak exceeds (or nearly fills) the memory the profile leaves free."""
    state = mask_state(plan) if mask_applies(plan) else None
    if state is None:
        return
    L, T, peak, chip, headroom = state
    u = plan.options.gpu_memory_utilization
    workspace = ""
    if plan.estimate:
        workspace = f"; the unallocated workspace half of the KV budget ({gib(plan.estimate.limiting_chip.workspace_bytes)}) might absorb it, but nothing public shows that"
    numbers = (
        f"mask peak max(6·L², 4·L² + 6·T·L) = {gib(peak)} for L {L}, T {T}; safe headroom on chip {chip.logic_id} = "
        f"{chip.memory_total_mb} MB × (1 − {u:.2f}) − {chip.memory_used_mb} MB used = {gib(headroom)}{workspace}"
    )
    evidence = f"{flag_evidence(plan, 'max_model_len', f'--max-model-len not given: model default {L}')}; --gpu-memory-utilization {u}"
    fix = _mask_fix(plan, state)
    uncertain = mask_uncertain(plan)
    caveat = ""
    if uncertain:
        how = plan.release.kernels_assumption() if hasattr(plan.release, "kernels_assumption") else "torch_npu not probed"
        caveat = (
            f". Release {plan.release.version} builds a fixed 2048² mask instead when torch_npu has "
            f"_npu_flash_attention_v3 and _npu_paged_attention_splitfuse_v2 ({how}); run `duowiz detect` on the server to probe"
        )
    if peak > headroom:
        make = warning if uncertain else error
        yield make(
            "mask-exceeds-memory",
            f"the dense fp16 [L, L] attention mask is built outside the memory profile and will OOM: {numbers}. "
            f"A server that starts can still die at the first long prompt (the second mask){caveat}",
            evidence=evidence,
            fix=fix,
        )
    elif peak > K.MASK_TIGHT_SHARE * headroom:
        yield warning(
            "mask-headroom-tight",
            f"the attention mask takes {peak / headroom:.0%} of the safe headroom: {numbers}{REFERENCE_NOTE}{caveat}",
            evidence=evidence,
            fix=fix,
        )


@rule("max-model-len-unset", group="memory")
def max_model_len_unset(plan):
    """--max-model-len omitted: vLLM takes the model's full context, and the 310P mask grows with its square."""
    if plan.options.max_model_len or plan.launch.has("max_model_len"):
        return  # set (or set to something unusable, which invalid-flag-value reports)
    default = effective_max_model_len(plan)
    state = mask_state(plan)
    too_big = state is not None and mask_applies(plan) and state[2] > state[4]
    if plan.estimate and default and plan.estimate.kv_cache_tokens < default:
        too_big = True
    what = f"the model's default {default}" if default else "the model's default context (unknown here)"
    make = error if too_big else warning
    largest = suggested_max_model_len(plan)
    suggested = min(16384, largest or 16384)  # the seed tutorial's value, when it fits
    room = f" (the seed tutorial's value; up to {largest} fits here)" if largest and largest > suggested else ""
    yield make(
        "max-model-len-unset",
        f"--max-model-len not given: vLLM takes {what}"
        + (", which does not fit on this chip" if too_big else "; the 310P docs say never omit it"),
        evidence="--max-model-len not given",
        fix=f"add --max-model-len {suggested}{room}",
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
        fix=_within_model_fix(plan, m.max_context),
    )


def _within_model_fix(plan, max_context: int) -> str:
    """The model's limit, or less when the mask / KV cache on this chip allow less."""
    fits = suggested_max_model_len(plan)
    if fits and fits < max_context:
        return f"use --max-model-len {fits} (the model allows {max_context}; this chip fits {fits})"
    return f"use --max-model-len {max_context} or less"


def _weights_fix(plan, tp: int) -> str:
    options = []
    quantized = (plan.weights.quant_type or "").upper().startswith("W8A8")
    if not quantized:
        options.append("use W8A8S/W8A8SC weights (≈ half the bytes)")
    if len(plan.host.chips) >= tp * 2:
        options.append(f"--tensor-parallel-size {tp * 2}")
    if plan.options.gpu_memory_utilization < 0.9:
        options.append("a higher --gpu-memory-utilization (up to 0.90)")
    return " or ".join(options) if options else "a host with larger chips or more of them (this one has no room for a larger TP)"


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
                fix=_weights_fix(plan, tp),
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
