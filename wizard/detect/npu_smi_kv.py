"""Parse the other `npu-smi` outputs: `info -m` (chip map) and the `key : value` queries.

Why: the default table cannot tell "one 300I Pro" from "half of a Duo mounted in a container".
`info -m` lists the Mcu as chip 2 on a Duo and chip 1 on a single-chip card; `-t board` gives
`Chip Count`; `-t product` names the product outright (reference/hardware.md §4). All of these
are optional hints: each parser returns nothing rather than raising on text it does not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_INT_RE = re.compile(r"^\d+$")


@dataclass
class MappingRow:
    """One `npu-smi info -m` row; `logic_id` is None for the Mcu (printed as `-`)."""

    npu_id: int
    chip_id: int
    logic_id: int | None
    name: str


@dataclass
class CardHint:
    """What the auxiliary outputs say about one NPU id (card)."""

    npu_id: int
    product_type: str | None = None  # `-t product`: "Atlas 300I Duo"
    product_name: str | None = None  # `-t board` / `-l`: "IT21PD2G10"
    chip_count: int | None = None  # `-t board` / `-l` / `-m` (NPU chips, the Mcu not counted)
    mcu_chip_id: int | None = None  # `-m`: 2 on a Duo, 1 on a single-chip card
    chip_names: dict[int, str] = field(default_factory=dict)  # chip id -> "Ascend 310P3"
    firmware: str | None = None
    sources: list[str] = field(default_factory=list)


def parse_mapping(text: str) -> list[MappingRow]:
    """`npu-smi info -m`: rows after the `NPU ID … Chip Logic ID … Chip Name` header."""
    rows: list[MappingRow] = []
    header_seen = False
    with_phy = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if "NPU ID" in line and "Chip Logic ID" in line:
            header_seen = True
            with_phy = "Phy-ID" in line
            continue
        if not header_seen:
            continue
        parts = line.split(maxsplit=4 if with_phy else 3)
        if len(parts) < (5 if with_phy else 4) or not (_INT_RE.match(parts[0]) and _INT_RE.match(parts[1])):
            continue
        logic = int(parts[2]) if _INT_RE.match(parts[2]) else None
        rows.append(MappingRow(int(parts[0]), int(parts[1]), logic, parts[-1].strip()))
    return rows


def parse_kv_blocks(text: str) -> list[dict[str, str]]:
    """`Key   : value` lines; a blank line ends a block. Keys keep their spelling, minus padding."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for raw in text.splitlines():
        if not raw.strip():
            if current:
                blocks.append(current)
                current = {}
            continue
        key, sep, value = raw.partition(":")
        if not sep or not key.strip():
            continue
        current[" ".join(key.split())] = value.strip()
    if current:
        blocks.append(current)
    return blocks


def classify_capture(text: str) -> str:
    """Which npu-smi output this is: table, mapping, board, product, list, memory, usages,
    common, health, keyvalue or unknown."""
    if any(ln.startswith("|") and "Health" in ln and "Power(W)" in ln for ln in text.splitlines()):
        return "table"
    if re.search(r"NPU ID\s+Chip ID\s+Chip Logic ID", text):
        return "mapping"
    blocks = parse_kv_blocks(text)
    keys = {k for b in blocks for k in b}
    if not keys:
        return "unknown"
    if "Product Type" in keys:
        return "product"
    if "Total Count" in keys or "Card Count" in keys:
        return "list"
    if "Product Name" in keys or "Chip Type" in keys or "Board ID" in keys:
        return "board"
    if "Total DDR Capacity(MB)" in keys or "DDR Clock Speed(MHz)" in keys:
        return "memory"
    if "DDR Usage Rate(%)" in keys:
        return "usages"
    if "Aicore Freq(MHZ)" in keys or "NPU Real-time Power(W)" in keys:
        return "common"
    if "Health" in keys:
        return "health"
    if "NPU ID" in keys:
        return "keyvalue"
    return "unknown"


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and _INT_RE.match(value.strip()) else None


def _hint(hints: dict[int, CardHint], npu_id: int, source: str) -> CardHint:
    hint = hints.setdefault(npu_id, CardHint(npu_id))
    if source not in hint.sources:
        hint.sources.append(source)
    return hint


def _merge_mapping(hints: dict[int, CardHint], text: str) -> None:
    by_npu: dict[int, list[MappingRow]] = {}
    for row in parse_mapping(text):
        by_npu.setdefault(row.npu_id, []).append(row)
    for npu_id, rows in by_npu.items():
        hint = _hint(hints, npu_id, "npu-smi info -m")
        chips = [r for r in rows if r.logic_id is not None]
        mcu = [r for r in rows if r.logic_id is None and r.name.lower() == "mcu"]
        hint.mcu_chip_id = mcu[0].chip_id if mcu else None
        # the Mcu is the card's last chip: chip 2 on a Duo even when only chip 0 is mounted here
        hint.chip_count = hint.mcu_chip_id if hint.mcu_chip_id is not None else len(chips)
        hint.chip_names.update({r.chip_id: r.name for r in chips})


def _merge_kv(hints: dict[int, CardHint], text: str, kind: str) -> None:
    blocks = parse_kv_blocks(text)
    if kind == "list":
        for block in blocks:
            npu_id = _int(block.get("NPU ID"))
            if npu_id is None:
                continue
            hint = _hint(hints, npu_id, "npu-smi info -l")
            hint.product_name = block.get("Product Name") or hint.product_name
            hint.chip_count = _int(block.get("Chip Count")) or hint.chip_count
        return
    npu_id = next((_int(b.get("NPU ID")) for b in blocks if _int(b.get("NPU ID")) is not None), None)
    if npu_id is None:
        return
    hint = _hint(hints, npu_id, f"npu-smi info -t {kind}")
    merged: dict[str, str] = {}
    for block in blocks:
        merged.update(block)
    if kind == "product":
        types = [b["Product Type"] for b in blocks if b.get("Product Type")]
        hint.product_type = types[0] if types else hint.product_type
    if kind == "board":
        if merged.get("Product Name"):
            hint.product_name = merged["Product Name"]
        if merged.get("Firmware Version"):
            hint.firmware = merged["Firmware Version"]
        if merged.get("Chip Type") and merged.get("Chip Name"):
            chip_id = _int(merged.get("Chip ID")) or 0
            hint.chip_names.setdefault(chip_id, f"{merged['Chip Type']} {merged['Chip Name']}")
    count = _int(merged.get("Chip Count"))
    if count is not None and kind in ("board", "product", "memory", "usages", "common", "health"):
        hint.chip_count = count


def collect_hints(texts: list[str]) -> dict[int, CardHint]:
    """Merge every auxiliary output (any order, any kind) into per-NPU-id hints."""
    hints: dict[int, CardHint] = {}
    for text in texts:
        kind = classify_capture(text)
        if kind == "mapping":
            _merge_mapping(hints, text)
        elif kind not in ("table", "unknown"):
            _merge_kv(hints, text, kind)
    return hints
