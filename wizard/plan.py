"""The Plan: one serving plan with every fact the rules need, assembled once.

Front-ends (check, headless, TUI) build a Plan with `wizard.assemble.build_plan`, then call
`wizard.check.check_plan`. Rules read only the Plan; they never touch disk or subprocesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from wizard.facts.model import ModelFacts, WeightsFacts
from wizard.host.model import Chip, HostDescription
from wizard.launch.options import ServeOptions
from wizard.launch.spec import LaunchSpec

if TYPE_CHECKING:
    from wizard.estimate.memory import Estimate


class ReleaseView(Protocol):
    """What the core rules may ask about the vllm-ascend release the plan runs on.

    `supports(feature)` answers True / False, or None when the release is unknown. Features:
    `fuse_norm_quant_auto_skipped`, `compressed_mask`, `npugraph_ex_forced_off`,
    `spec_decode`, `pooling`, `npugraph_ex_true_unsupported`.
    """

    version: str | None
    source: str

    def supports(self, feature: str) -> bool | None: ...


@dataclass
class AssumedRelease:
    """Used when no release is known: behave as the documented v0.18.0 310P stack, and say so."""

    version: str | None = None
    source: str = "unknown: assuming vllm-ascend v0.18.0 behaviour"

    def supports(self, feature: str) -> bool | None:
        return {
            "fuse_norm_quant_auto_skipped": False,
            "compressed_mask": False,
            "npugraph_ex_forced_off": False,
            "npugraph_ex_true_unsupported": False,
            "spec_decode": False,
            "pooling": False,
        }.get(feature)


@dataclass
class Plan:
    launch: LaunchSpec
    options: ServeOptions
    host: HostDescription
    weights: WeightsFacts
    model: ModelFacts | None = None
    release: Any = field(default_factory=AssumedRelease)  # a ReleaseView
    #: merged serving environment: host env < process ASCEND_*/VLLM_*/HCCL_* < --env < launch env
    env: dict[str, str] = field(default_factory=dict)
    #: logic ids the plan will run on (visible devices, first TP of them)
    chip_ids: list[int] = field(default_factory=list)
    estimate: "Estimate | None" = None
    #: graph-count limit override from a profile (None = the documented default)
    graph_limit_override: int | None = None
    #: free-form remarks about the inputs (shown in text output)
    notes: list[str] = field(default_factory=list)
    #: W8A8S folder a profile compresses from when `model` (W8A8SC) does not exist yet
    compress_from: str | None = None
    #: True/False when the serving port was probed on this machine; None when not probed
    port_bound: bool | None = None
    #: host logic ids a container is given with --device /dev/davinciN (None: not a container,
    #: --privileged, or devices we cannot read); inside it they are renumbered 0..k-1
    device_pool: list[int] | None = None
    #: other servers the input file starts besides the one checked (compose services, scripts)
    other_servers: list[str] = field(default_factory=list)
    #: True when the line names no model and vLLM's default (Qwen/Qwen3-0.6B) is assumed
    model_defaulted: bool = False

    @property
    def visible_pool(self) -> list[int]:
        """Logic ids the serving process can address, in the numbering ASCEND_RT_VISIBLE_DEVICES uses."""
        if self.device_pool is not None:
            return list(range(len(self.device_pool)))
        return [c.logic_id for c in self.host.chips]

    @property
    def chips(self) -> list[Chip]:
        return [c for c in (self.host.chip(i) for i in self.chip_ids) if c is not None]
