"""Host description: the document `duowiz detect --json` writes and `check --host FILE` reads.

Plain dataclasses (no pydantic) so that the check path stays cheap to import; `hostfile.py`
validates files into these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: Chips above this many MB are the 48 GB class (half of a 96 GB DUO); 18000-30000 MB is the
#: 24 GB class. Thresholds, not exact values (reference/310p-facts.md §1).
CLASS_48G_MIN_MB = 30000
CLASS_24G_MIN_MB = 18000


@dataclass
class Chip:
    logic_id: int
    memory_total_mb: int
    memory_used_mb: int = 0
    npu_id: int | None = None
    chip_index: int = 0
    name: str = "310P3"
    health: str = "OK"
    bus_id: str | None = None

    @property
    def memory_free_mb(self) -> int:
        return max(0, self.memory_total_mb - self.memory_used_mb)


@dataclass
class Card:
    npu_id: int
    kind: str  # "300i-duo", "300i-pro", "unknown-310p"
    logic_ids: list[int] = field(default_factory=list)


@dataclass
class HostDescription:
    """Everything the rules may ask about the serving machine.

    `family` is "310p" when 310P chips were found; otherwise it names what was found instead
    ("910b", "310", "none", ...) and `problem` says why detection failed, for `no-310p-detected`.
    """

    source: str
    chips: list[Chip] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    family: str = "310p"
    problem: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    packages: dict[str, str] = field(default_factory=dict)
    triton_residue: bool = False
    triton_residue_path: str | None = None
    image: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def chip(self, logic_id: int) -> Chip | None:
        return next((c for c in self.chips if c.logic_id == logic_id), None)

    def to_dict(self) -> dict:
        return asdict(self)
