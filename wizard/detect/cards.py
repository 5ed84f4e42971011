"""Turn parsed npu-smi rows into the host model's Chips and Cards.

Why a separate step: grouping and naming cards needs judgement the table alone cannot give.
Two 310P chips under one NPU id are a Duo. One chip is a 300I Pro *or* half of a Duo mounted
into a container; the `-t product` / `-t board` / `-m` hints settle it when available, and the
card's `detail` says which evidence decided (reference/hardware.md §3.3).
"""

from __future__ import annotations

from wizard.detect.npu_smi import SmiTable, chip_family
from wizard.detect.npu_smi_kv import CardHint
from wizard.host.model import CLASS_24G_MIN_MB, CLASS_48G_MIN_MB, Card, Chip

PRODUCT_LABELS = {"300i-duo": "Atlas 300I Duo", "300i-pro": "Atlas 300I Pro", "unknown-310p": "310P card"}


def memory_class(total_mb: int) -> str:
    """'48G', '24G' or 'other' by the thresholds of wizard.host.model (never exact values)."""
    if total_mb > CLASS_48G_MIN_MB:
        return "48G"
    if total_mb >= CLASS_24G_MIN_MB:
        return "24G"
    return "other"


def _kind_from_product(product_type: str) -> str:
    low = product_type.lower()
    if "duo" in low:
        return "300i-duo"
    if "300i pro" in low:
        return "300i-pro"
    return "unknown-310p"


def card_kind(chips: list[Chip], hint: CardHint | None) -> tuple[str, str, bool]:
    """(kind, basis, partial) for the visible 310P chips of one NPU id.

    `partial` is True when the card has more chips than this namespace shows (half a Duo).
    """
    visible = len(chips)
    if hint and hint.product_type:
        kind = _kind_from_product(hint.product_type)
        expected = 2 if kind == "300i-duo" else 1
        return kind, f"npu-smi -t product: {hint.product_type}", visible < expected
    if hint and hint.chip_count is not None:
        if hint.chip_count == 2:
            return "300i-duo", f"card reports {hint.chip_count} chips ({', '.join(hint.sources)})", visible < 2
        if hint.chip_count == 1:
            kind = "300i-pro" if memory_class(chips[0].memory_total_mb) == "24G" else "unknown-310p"
            return kind, f"card reports 1 chip ({', '.join(hint.sources)})", False
    if visible == 2:
        return "300i-duo", "two 310P chips share this NPU id", False
    if visible == 1 and chips[0].chip_index >= 1:
        return "300i-duo", f"only chip {chips[0].chip_index} of this card is visible", True
    if visible == 1 and memory_class(chips[0].memory_total_mb) == "24G":
        return "300i-pro", "one 24 GB-class chip on this NPU id (or half of a 48 GB Duo: not told apart)", False
    return "unknown-310p", f"{visible} chip(s) of {chips[0].memory_total_mb} MB on this NPU id", False


def build_chips_and_cards(
    table: SmiTable, hints: dict[int, CardHint] | None = None
) -> tuple[list[Chip], list[Card], list[dict]]:
    """310P chips (logic id = the `Device` column), cards grouped by NPU id, and per-card details."""
    hints = hints or {}
    chips: list[Chip] = []
    for row in table.chips:
        if chip_family(row.name) != "310p" or row.logic_id is None:
            continue
        chips.append(
            Chip(
                logic_id=row.logic_id,
                memory_total_mb=row.memory_total_mb,
                memory_used_mb=row.memory_used_mb,
                npu_id=row.npu_id,
                chip_index=row.chip_index,
                name=row.name,
                health=row.health,
                bus_id=row.bus_id,
            )
        )
    groups: dict[int, list[Chip]] = {}
    for chip in chips:
        groups.setdefault(chip.npu_id, []).append(chip)  # type: ignore[arg-type]
    cards: list[Card] = []
    details: list[dict] = []
    for npu_id, members in groups.items():
        hint = hints.get(npu_id)
        kind, basis, partial = card_kind(members, hint)
        cards.append(Card(npu_id=npu_id, kind=kind, logic_ids=[c.logic_id for c in members]))
        details.append(
            {
                "npu_id": npu_id,
                "kind": kind,
                "product": (hint.product_type if hint and hint.product_type else PRODUCT_LABELS[kind]),
                "product_name": hint.product_name if hint else None,
                "memory_class": memory_class(members[0].memory_total_mb),
                "basis": basis,
                "partial": partial,
                # kind guessed from the table alone: worth asking `npu-smi -t product/board`
                "ambiguous": hint is None and len(members) == 1 and members[0].chip_index == 0,
                "bus_ids": sorted({c.bus_id for c in members if c.bus_id}),
            }
        )
    return chips, cards, details


def processes_with_logic_ids(table: SmiTable, chips: list[Chip]) -> list[dict]:
    """The process table as plain dicts, with the logic id of the chip each runs on."""
    logic = {(c.npu_id, c.chip_index): c.logic_id for c in chips}
    return [
        {
            "npu_id": p.npu_id,
            "chip_index": p.chip_index,
            "logic_id": logic.get((p.npu_id, p.chip_index)),
            "pid": p.pid,
            "name": p.name,
            "memory_mb": p.memory_mb,
        }
        for p in table.processes
    ]
