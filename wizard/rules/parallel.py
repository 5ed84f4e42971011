"""Parallelism rules: TP must divide the heads; only TP is documented on 310P."""

from __future__ import annotations

from wizard.findings import error
from wizard.rules._util import flag_evidence
from wizard.rules.registry import rule


def valid_tps(heads: int, kv_heads: int, limit: int = 16) -> list[int]:
    """vLLM's rule: heads % tp == 0, and kv_heads % tp == 0 or tp % kv_heads == 0."""
    return [t for t in range(1, limit + 1) if heads % t == 0 and (kv_heads % t == 0 or t % kv_heads == 0)]


def usable_tps(plan) -> list[int]:
    """TP sizes that split the model, fit the host's chips and, for W8A8SC, match the rank files."""
    m = plan.model
    tps = valid_tps(m.num_attention_heads, m.kv_heads or m.num_attention_heads) if m and m.num_attention_heads else [1, 2, 4, 8]
    if plan.host.chips:
        tps = [t for t in tps if t <= len(plan.host.chips)]
    ranks = plan.weights.ranks
    if ranks and ranks == set(range(len(ranks))):
        tps = [t for t in tps if t == len(ranks)]
    return tps


@rule("tp-not-divisor", group="parallel")
def tp_not_divisor(plan):
    """Attention heads not divisible by TP, or KV heads neither divisible by TP nor dividing it."""
    m, tp = plan.model, plan.options.tensor_parallel_size
    if m is None or not m.num_attention_heads or tp <= 1:
        return
    heads, kv = m.num_attention_heads, m.kv_heads or m.num_attention_heads
    if tp in valid_tps(heads, kv, max(tp, 16)):
        return
    why = (
        f"{heads} attention heads are not divisible by {tp}"
        if heads % tp
        else f"{kv} KV heads neither divisible by {tp} nor dividing it"
    )
    ok = usable_tps(plan)
    yield error(
        "tp-not-divisor",
        f"TP {tp} cannot split this model: {why}",
        evidence=f"{flag_evidence(plan, 'tensor_parallel_size')}; {m.origin}",
        fix=f"use --tensor-parallel-size {ok[-1]}" + (f" (valid here: {ok})" if len(ok) > 1 else "")
        if ok
        else "no TP fits this model on this host",
    )


def _instead(plan, wanted: int, dest: str) -> str:
    flag = "--" + dest.replace("_", "-")
    ok = usable_tps(plan)
    if wanted in ok:
        return f"drop {flag}; use --tensor-parallel-size {wanted} instead"
    if ok:
        return f"drop {flag}; use --tensor-parallel-size {ok[-1]} (the largest TP this model and host allow)"
    return f"drop {flag}"


@rule("parallel-mode-unsupported", group="parallel")
def parallel_mode_unsupported(plan):
    """Pipeline or data parallel (size > 1), or multi-node, on 310P (only TP is documented)."""
    o = plan.options
    for dest, size, name in (
        ("pipeline_parallel_size", o.pipeline_parallel_size, "pipeline parallel"),
        ("data_parallel_size", o.data_parallel_size, "data parallel"),
        ("nnodes", o.nnodes, "multi-node"),
    ):
        if size > 1:
            yield error(
                "parallel-mode-unsupported",
                f"{name} size {size}: 310P documents only tensor parallel (chips talk over PCIe, no HCCS)",
                evidence=flag_evidence(plan, dest),
                fix=_instead(plan, size * o.tensor_parallel_size, dest),
            )
