"""The per-chip memory model of vllm-ascend v0.18.0 on 310P (reference/310p-facts.md §2).

For each chip a TP rank runs on (M = chip total, u = gpu-memory-utilization, used = memory
already used at start by the driver and other processes):

    budget     = M·u                                    (what the profile may claim)
    kv_cache   = (budget − weights − activation − non_torch − used) / 2   (310P halves it)
    kv_tokens  = floor(kv_cache / (bytes_per_token · 128)) · 128
    mask_peak  = max(6·L², 4·L² + 6·T·L)                (built outside the profile)
    headroom   = M·(1 − u) − used                       (where the mask has to fit)

`used` is subtracted from the KV budget because vLLM counts memory it did not allocate as
non-torch memory (C2 and C3 in observed-startup-numbers.md show ≈ 1.5 GiB idle use, and a
20 GiB co-tenant, taken off exactly like that). Where a TP group spans chips of different
sizes, the smallest chip limits: every rank gets the same KV size.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from wizard.estimate import constants as K
from wizard.estimate.weights import estimate_weights
from wizard.facts.model import ModelFacts, WeightsFacts
from wizard.host.model import Chip
from wizard.launch.options import ServeOptions


@dataclass
class ChipBudget:
    logic_id: int
    total_bytes: int
    used_bytes: int
    budget_bytes: int
    weights_bytes: int
    activation_bytes: int
    non_torch_bytes: int
    kv_cache_bytes: int
    kv_cache_tokens: int
    mask_peak_bytes: int
    headroom_bytes: int
    workspace_bytes: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Estimate:
    chips: list[ChipBudget]
    max_model_len: int
    batched_tokens: int
    kv_bytes_per_token: int
    weights_method: str
    max_concurrency: float | None
    assumptions: list[str] = field(default_factory=list)

    @property
    def limiting_chip(self) -> ChipBudget:
        return min(self.chips, key=lambda c: (c.kv_cache_tokens, c.headroom_bytes))

    @property
    def kv_cache_tokens(self) -> int:
        return min(c.kv_cache_tokens for c in self.chips)

    def to_dict(self) -> dict:
        return {
            "chips": [c.to_dict() for c in self.chips],
            "max_concurrency": self.max_concurrency,
            "max_model_len": self.max_model_len,
            "max_num_batched_tokens": self.batched_tokens,
            "kv_bytes_per_token": self.kv_bytes_per_token,
            "weights_method": self.weights_method,
            "assumptions": self.assumptions,
        }


def kv_bytes_per_token(m: ModelFacts, tp: int) -> int:
    """2 (K and V) × layers × kv_heads_per_rank × head_dim × 2 B (fp16)."""
    kv_per_rank = max(1, (m.kv_heads or 1) // tp)
    return 2 * m.num_hidden_layers * kv_per_rank * m.head_size * 2


def mask_peak_bytes(max_model_len: int, batched_tokens: int) -> int:
    L, T = max_model_len, batched_tokens
    return max(K.MASK_BUILD_PEAK_FACTOR * L * L, K.MASK_RESIDENT_FACTOR * L * L + K.MASK_CHUNK_FACTOR * T * L)


def largest_fitting_len(headroom: int, batched_tokens: int) -> int:
    """Largest max-model-len (a multiple of 1024) whose mask peak fits in `headroom` bytes."""
    if headroom <= 0:
        return 0
    lo, hi = 0, 1 << 22
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if mask_peak_bytes(mid, batched_tokens) <= headroom:
            lo = mid
        else:
            hi = mid - 1
    return lo // 1024 * 1024


def gmu_for_len(total: int, used: int, max_model_len: int, batched_tokens: int, share: float = 1.0) -> float:
    """Largest gpu-memory-utilization (2 decimals) whose headroom M·(1−u) − used holds the mask
    peak using at most `share` of it."""
    peak = mask_peak_bytes(max_model_len, batched_tokens)
    u = (total - used - peak / share) / total
    return max(0.0, int(u * 100) / 100)


def activation_bytes(m: ModelFacts, batched_tokens: int) -> int:
    return K.ACTIVATION_BYTES_PER_TOKEN_HIDDEN * batched_tokens * m.hidden_size


def estimate_memory(
    m: ModelFacts, w: WeightsFacts, opts: ServeOptions, chips: list[Chip], max_model_len: int
) -> Estimate | None:
    """Per-chip budget for the plan, or None when the model's shape is incomplete."""
    if not m.complete or not chips or m.head_size is None:
        return None
    tp = max(1, opts.tensor_parallel_size)
    weights = estimate_weights(m, w, tp, opts.model or "")
    if weights is None:
        return None
    T = opts.batched_tokens
    bpt = kv_bytes_per_token(m, tp)
    act = activation_bytes(m, T)
    u = opts.gpu_memory_utilization
    rows: list[ChipBudget] = []
    for chip in chips:
        total = chip.memory_total_mb * K.MiB
        used = chip.memory_used_mb * K.MiB
        budget = int(total * u)
        kv = max(0, (budget - weights.bytes_per_chip - act - K.NON_TORCH_BYTES - used) // 2)
        rows.append(
            ChipBudget(
                logic_id=chip.logic_id,
                total_bytes=total,
                used_bytes=used,
                budget_bytes=budget,
                weights_bytes=weights.bytes_per_chip,
                activation_bytes=act,
                non_torch_bytes=K.NON_TORCH_BYTES,
                kv_cache_bytes=kv,
                kv_cache_tokens=0,
                mask_peak_bytes=mask_peak_bytes(max_model_len, T),
                headroom_bytes=int(total * (1 - u)) - used,
                workspace_bytes=kv,
            )
        )
    # every rank allocates the same number of blocks: the smallest chip limits
    kv_common = min(r.kv_cache_bytes for r in rows)
    block = bpt * K.KV_BLOCK_TOKENS
    tokens = (kv_common // block) * K.KV_BLOCK_TOKENS
    for r in rows:
        r.kv_cache_tokens = tokens
    concurrency = round(tokens / max_model_len, 2) if max_model_len else None
    assumptions = [
        f"activation ≈ {K.ACTIVATION_BYTES_PER_TOKEN_HIDDEN} B × {T} batched tokens × hidden {m.hidden_size} (fitted to C1)",
        f"non-torch memory {K.NON_TORCH_BYTES / K.GiB:.2f} GiB (C2)",
    ]
    return Estimate(rows, max_model_len, T, bpt, weights.method, concurrency, assumptions)
