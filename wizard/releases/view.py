"""KnownRelease: the ReleaseView the rules see (wizard/plan.py), backed by knowledge.yaml.

`supports(feature)` answers True / False from the knowledge file, or None when duowiz cannot
know: a release newer than the knowledge, a development build, or `compressed_mask` on a release
that has the code but a torch_npu nobody has checked for the two kernels. When no input names a
release at all, it answers like `wizard.plan.AssumedRelease` (the documented v0.18.0 stack) and
says so in `source`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wizard.releases.knowledge import Knowledge, load_knowledge
from wizard.releases.versions import canonical, parse_version, version_key

#: the behaviour assumed when nothing says which release runs (as wizard.plan.AssumedRelease)
ASSUMED_VERSION = "0.18.0"

#: state values: known = an entry covers the version; assumed = nothing named a release;
#: newer = past newest_known; dev = a development / nightly-of-main build; older = before the
#: first entry; uncovered = between entries (past a `last`); unparsed = an unreadable version
STATES = ("known", "assumed", "newer", "dev", "older", "uncovered", "unparsed")


@dataclass
class KnownRelease:
    version: str | None
    source: str
    origin: str = "unknown"  # "--release" | "image" | "package" | "unknown"
    state: str = "assumed"
    entry: dict | None = None
    is_310p_build: bool | None = None
    image: str | None = None
    #: installed vllm-ascend distribution version, when the host lists it
    installed: str | None = None
    #: torch_npu version of the serving stack, when known
    torch_npu: str | None = None
    #: host probe of the two compressed-mask kernels (None: not probed)
    kernels_present: bool | None = None
    notes: list[str] = field(default_factory=list)
    knowledge: Knowledge = field(default_factory=load_knowledge, repr=False)

    # --- what the entry says ----------------------------------------------------------------
    @property
    def line(self) -> str | None:
        return self.entry.get("line") if self.entry else None

    @property
    def status_310p(self) -> str | None:
        return self.entry.get("status_310p") if self.entry else None

    @property
    def engine_default(self) -> str | None:
        return self.entry.get("engine_default") if self.entry else None

    @property
    def is_known(self) -> bool:
        return self.state == "known" and self.entry is not None

    @property
    def key(self) -> tuple | None:
        if self.state == "assumed":
            return version_key(ASSUMED_VERSION)
        parsed = parse_version(self.version)
        return parsed.key if parsed and self.state == "known" else None

    def label(self) -> str:
        return f"v{self.version}" if self.version else "an unknown release"

    def stack(self) -> list[dict]:
        return list(self.entry.get("stack") or []) if self.entry else []

    def image_stack(self) -> dict | None:
        """The CANN / torch_npu pairing an official release image ships (its first pairing)."""
        if self.origin != "image" or not self.is_known:
            return None
        stack = self.stack()
        return stack[0] if stack else None

    # --- the ReleaseView protocol -----------------------------------------------------------
    def supports(self, feature: str) -> bool | None:
        key = self.key
        if key is None:
            return None
        available = self.knowledge.feature_available(feature, key)
        if available is None or not available:
            return available
        if self.knowledge.feature(feature).get("needs_kernels"):
            return self._kernels_verdict()
        return True

    def _kernels_verdict(self) -> bool | None:
        """Kernels probed on the host win; else a torch_npu known to ship them; else unknown."""
        if self.kernels_present is not None:
            return self.kernels_present
        if self.state == "assumed":
            return None
        torch_npu = canonical(self.torch_npu) or canonical((self.image_stack() or {}).get("torch_npu"))
        if torch_npu and torch_npu in self.knowledge.compressed_mask_torch_npu():
            return True
        return None

    def kernels_assumption(self) -> str:
        """One sentence for findings: which assumption `compressed_mask` took."""
        if self.kernels_present is not None:
            found = "has" if self.kernels_present else "lacks"
            return f"the host probe says torch_npu {found} _npu_flash_attention_v3 / _npu_paged_attention_splitfuse_v2"
        return (
            "torch_npu was not probed for _npu_flash_attention_v3 / _npu_paged_attention_splitfuse_v2; "
            "assuming the full O(max_model_len²) mask"
        )

    # --- architectures ----------------------------------------------------------------------
    def architecture(self, model_type: str | None, architectures: list[str]) -> tuple[str, dict, dict] | None:
        """(status, family, range) for this model on this release; None when unknown."""
        if not self.is_known:
            return None
        return self.knowledge.architecture_verdict(self.key, model_type, architectures)
