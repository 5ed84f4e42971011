"""The attention-mask facts several rules share (mask, max-model-len, gmu): computed one way.

Kept apart from the rule modules so that a rule never imports another rule's module.
"""

from __future__ import annotations

from wizard.assemble import effective_max_model_len
from wizard.estimate import constants as K
from wizard.estimate.memory import gmu_for_len, largest_fitting_len, mask_peak_bytes


def mask_applies(plan) -> bool:
    """False only when the release is known to build fixed-size masks (v0.21.0rc1+ with the kernels)."""
    return plan.release.supports("compressed_mask") is not True


def mask_uncertain(plan) -> bool:
    """A release that may have the fixed-size mask path, but the torch_npu kernels were not probed."""
    return plan.release.supports("compressed_mask") is None and plan.release.version is not None


def mask_state(plan):
    """(L, T, peak, limiting chip, headroom) for the plan, or None when nothing is known."""
    L = effective_max_model_len(plan)
    if L is None or not plan.chips:
        return None
    T = plan.options.batched_tokens
    u = plan.options.gpu_memory_utilization
    peak = mask_peak_bytes(L, T)
    chip = min(plan.chips, key=lambda c: c.memory_total_mb * (1 - u) - c.memory_used_mb)
    headroom = int(chip.memory_total_mb * K.MiB * (1 - u)) - chip.memory_used_mb * K.MiB
    return L, T, peak, chip, headroom


def suggested_max_model_len(plan) -> int | None:
    """The largest max-model-len (a multiple of 1024) that clears every memory rule at this
    gpu-memory-utilization: mask peak ≤ 80 % of the headroom, one sequence fits the KV cache,
    and not above the model's context. None when nothing that large fits."""
    limits = []
    state = mask_state(plan)
    if state is not None and mask_applies(plan):
        limits.append(largest_fitting_len(int(state[4] * K.MASK_TIGHT_SHARE), state[1]))
    if plan.estimate:
        limits.append(plan.estimate.kv_cache_tokens // 1024 * 1024)
    if plan.model and plan.model.max_context:
        limits.append(plan.model.max_context // 1024 * 1024)
    if not limits:
        return None
    best = min(limits)
    return best if best >= 1024 else None


def suggested_gmu(plan, state) -> float | None:
    """The largest gpu-memory-utilization whose headroom holds the mask with 20 % to spare (it is
    also below the free-memory gate, which subtracts the same used memory); None under 0.5."""
    L, T, _, chip, _ = state
    u = gmu_for_len(chip.memory_total_mb * K.MiB, chip.memory_used_mb * K.MiB, L, T, K.MASK_TIGHT_SHARE)
    if u < 0.5 or u < min_gmu_for_one_sequence(plan, L):
        return None
    return u


def min_gmu_for_one_sequence(plan, max_model_len: int) -> float:
    """The smallest gpu-memory-utilization at which weights, activation and one full-length
    sequence's KV cache (doubled: 310P halves the budget) still fit on every chip; 0 if unknown."""
    est = plan.estimate
    if est is None:
        return 0.0
    need_kv = 2 * max_model_len * est.kv_bytes_per_token
    worst = 0.0
    for c in est.chips:
        fixed = c.weights_bytes + c.activation_bytes + c.non_torch_bytes + c.used_bytes + need_kv
        worst = max(worst, fixed / c.total_bytes)
    return worst
