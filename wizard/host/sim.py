"""Simulated hosts (`--host sim:CARD:N`) so a plan for a 310P server can be checked from a laptop.

Card numbers come from real npu-smi captures (shared/cases/README.md):
- 300i-duo-96g: npu-smi 25.2.0 capture, chips 44280 / 43693 MB total, 1529 / 1411 MB used idle;
- 300i-duo-48g: 2 × 21527 MB, 1500 MB used idle;
- 300i-pro-24g: npu-smi 25.5.1 capture, 21525 MB, 1848 MB used idle.
"""

from __future__ import annotations

from wizard.findings import InputError
from wizard.host.model import Card, Chip, HostDescription

#: card name -> (card kind, [(total MB, idle used MB) per chip])
SIM_CARDS: dict[str, tuple[str, list[tuple[int, int]]]] = {
    "300i-duo-96g": ("300i-duo", [(44280, 1529), (43693, 1411)]),
    "300i-duo-48g": ("300i-duo", [(21527, 1500), (21527, 1500)]),
    "300i-pro-24g": ("300i-pro", [(21525, 1848)]),
}


def parse_sim_spec(spec: str) -> tuple[str, int]:
    """'sim:300i-duo-96g:2' or '300i-duo-96g:2' -> ('300i-duo-96g', 2)."""
    body = spec[4:] if spec.startswith("sim:") else spec
    name, _, count = body.partition(":")
    if name not in SIM_CARDS:
        known = ", ".join(sorted(SIM_CARDS))
        raise InputError(f"unknown simulated card {name!r} (known: {known})")
    try:
        n = int(count) if count else 1
    except ValueError:
        raise InputError(f"bad card count {count!r} in {spec!r}: expected sim:CARD:N") from None
    if not 1 <= n <= 16:
        raise InputError(f"card count {n} in {spec!r} is out of range 1..16")
    return name, n


def simulated_host(spec: str, chip_used_mb: list[int] | None = None) -> HostDescription:
    name, count = parse_sim_spec(spec)
    kind, chips_spec = SIM_CARDS[name]
    chips: list[Chip] = []
    cards: list[Card] = []
    for card_no in range(count):
        npu_id = card_no + 1
        card = Card(npu_id=npu_id, kind=kind)
        for chip_index, (total, used) in enumerate(chips_spec):
            logic_id = len(chips)
            chips.append(
                Chip(
                    logic_id=logic_id,
                    memory_total_mb=total,
                    memory_used_mb=used,
                    npu_id=npu_id,
                    chip_index=chip_index,
                    name="310P3",
                    bus_id=f"0000:{0x81 + card_no:02x}:00.0",
                )
            )
            card.logic_ids.append(logic_id)
        cards.append(card)
    if chip_used_mb:
        for chip, used in zip(chips, chip_used_mb):
            chip.memory_used_mb = int(used)
    return HostDescription(source=f"sim:{name}:{count}", chips=chips, cards=cards)
