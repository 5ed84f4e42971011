"""How many FULL_DECODE_ONLY graphs a plan captures, and the TP > 1 event-id limit.

Captured = capture sizes s with q ≤ s ≤ q·max_num_seqs, q = 1 + speculative tokens (vLLM's
CudagraphDispatcher filter; larger sizes are silently skipped). Without a list vLLM generates
[1, 2, 4, 8, 16, 24, …] up to min(max_num_seqs·q, 512) (vllm-ascend-310p.md §2.1).
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.estimate import constants as K
from wizard.launch.options import ServeOptions

#: modes that capture full graphs on 310P (FULL_AND_PIECEWISE becomes PIECEWISE there)
FULL_MODES = {"FULL_DECODE_ONLY", "FULL"}


def default_capture_sizes(max_size: int) -> list[int]:
    sizes = [s for s in (1, 2, 4) if s <= max_size]
    sizes += list(range(8, max_size + 1, 8))
    return sizes


@dataclass
class GraphEstimate:
    mode: str
    sizes_given: list[int] | None
    captured: list[int]
    documented_limit: int
    depth_limit: int | None  # floor(budget / layers): an inference, labelled as such
    override: int | None

    @property
    def count(self) -> int:
        return len(self.captured)

    @property
    def hard_limit(self) -> int:
        """The limit above which capture is expected to fail."""
        if self.override is not None:
            return self.override
        return max(self.documented_limit, self.depth_limit or 0)


def estimate_graphs(opts: ServeOptions, num_hidden_layers: int | None, override: int | None = None) -> GraphEstimate | None:
    """None when the plan captures no FULL graph (eager, NONE or PIECEWISE)."""
    mode = opts.cudagraph_mode
    if mode not in FULL_MODES:
        return None
    q = 1 + opts.speculative_tokens
    given = opts.capture_sizes
    sizes = given if given is not None else default_capture_sizes(min(opts.seqs * q, 512))
    captured = sorted({s for s in sizes if q <= s <= q * opts.seqs})
    depth = K.GRAPH_EVENT_BUDGET // num_hidden_layers if num_hidden_layers else None
    return GraphEstimate(mode, given, captured, K.DOCUMENTED_TP_GRAPH_LIMIT, depth, override)
