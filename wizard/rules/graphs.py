"""Graph-capture rule: with TP > 1, hardware event ids limit the FULL_DECODE_ONLY graph count."""

from __future__ import annotations

from wizard.estimate.graphs import estimate_graphs
from wizard.findings import error, warning
from wizard.rules._util import flag_evidence
from wizard.rules.registry import rule


def _fix(g, tp: int, seqs: int) -> str:
    """Two small sizes like the reference configs ([16, 32], [8, 32], [1, 8]): the larger one
    covers up to 32 (or max-num-seqs) concurrent decodes, the smaller one light load."""
    top = min(32, seqs)
    low = next((s for s in (8, 4, 2, 1) if s < top), top)
    sizes = [low, top] if low != top else [top]
    return (
        f"""--compilation-config '{{"cudagraph_mode": "FULL_DECODE_ONLY", "cudagraph_capture_sizes": {sizes}}}' """
        f"(the documented safe limit with TP > 1 is {g.documented_limit} sizes), or --enforce-eager"
    )


@rule(
    "graph-count-over-limit",
    "graph-count-above-documented",
    group="graphs",
    docs={
        "graph-count-above-documented": "TP > 1 captures more graphs than the documented 2 but within the depth-scaled estimate (may work, unverified).",
    },
)
def graph_count_over_limit(plan):
    """TP > 1 and more FULL_DECODE_ONLY graphs would be captured than the event-id limit allows."""
    tp = plan.options.tensor_parallel_size
    if tp <= 1:
        return
    layers = plan.model.num_hidden_layers if plan.model else None
    g = estimate_graphs(plan.options, layers, plan.graph_limit_override)
    if g is None or g.count <= g.documented_limit and g.override is None:
        return
    where = "capture sizes " + (str(g.sizes_given) if g.sizes_given is not None else "not given (vLLM's default list)")
    depth = (
        f"; depth-scaled estimate for {layers} layers: {g.depth_limit} (an inference from two public data points)"
        if g.depth_limit is not None
        else ""
    )
    limit_text = f"profile graph_limit {g.override}" if g.override is not None else f"documented limit {g.documented_limit}{depth}"
    evidence = f"{flag_evidence(plan, 'compilation_config')}; max_num_seqs {plan.options.seqs}"
    if g.count > g.hard_limit:
        yield error(
            "graph-count-over-limit",
            f"TP {tp} would capture {g.count} FULL_DECODE_ONLY graphs ({where}) but 310P event ids allow about {g.hard_limit} "
            f"({limit_text}): capture fails with \"NPUModelRunner init failed\" or at replay",
            evidence=evidence,
            fix=_fix(g, tp, plan.options.seqs),
        )
    elif g.count > g.documented_limit:
        within = (
            f"your profile's graph_limit {g.override}"
            if g.override is not None
            else f"the depth-scaled estimate {g.depth_limit} for {layers} layers — may work (Qwen3-14B TP2 captured 4), unverified"
        )
        yield warning(
            "graph-count-above-documented",
            f"TP {tp} captures {g.count} graphs: above the documented {g.documented_limit} but within {within}",
            evidence=evidence,
            fix=_fix(g, tp, plan.options.seqs),
        )
