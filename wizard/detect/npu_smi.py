"""Parse the default `npu-smi info` table into chip rows, without trusting column widths.

Why this shape (reference/hardware.md §3): the layout family is told by the second header
line's words — `Chip … Device … Memory-Usage` is the DDR family (310P, 310B, old 310),
`HBM-Usage` the 910 family (`Phy-ID` = A3) — never by the table width, which differs between
drivers. Rows are split on `|`; each chip is an "NPU row" followed by a "chip row". Anything
that does not fit (OCR-mangled copies, unknown headers, an NPU row without its chip row) makes
the whole table *unparseable*: a wrong chip count would be worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_VERSION_RE = re.compile(r"npu-smi\s+(\S+)\s+Version:\s*(\S+)", re.IGNORECASE)
_NPU_CELL3_RE = re.compile(r"^\s*(\S+)\s+(\S+)\s+(\d+)\s*/\s*(\d+)\s*$")
_PAIR_RE = re.compile(r"(\d+)\s*/\s*(\d+)")
_INT_RE = re.compile(r"^\d+$")

#: What each non-310P family is, in words a user recognises (for `no-310p-detected`).
FAMILY_LABELS: dict[str, str] = {
    "310p": "Ascend 310P (Atlas 300I Duo / 300I Pro / 300V Pro)",
    "910b": "Ascend 910B (Atlas A2 training/inference)",
    "910a": "Ascend 910 (910A, Atlas 800 training)",
    "a3": "Atlas A3 (Ascend 910_93)",
    "310": "old Ascend 310 (Atlas 300I model 3000)",
    "310b": "Ascend 310B SoC (Atlas 200I A2 class)",
}


@dataclass
class SmiChip:
    """One chip = one NPU row + one chip row of the table."""

    npu_id: int
    name: str
    health: str
    power: str
    temp_c: int | None
    hugepages_used: int
    hugepages_total: int
    chip_index: int
    logic_id: int | None  # the `Device` column (DDR layout) or `Phy-ID` (A3); None on 910B
    bus_id: str | None
    memory_used_mb: int
    memory_total_mb: int


@dataclass
class SmiProcess:
    npu_id: int
    chip_index: int
    pid: int
    name: str
    memory_mb: int


@dataclass
class SmiTable:
    """The parse result. `problem` is set (and `chips` empty) when the text is not a usable table."""

    layout: str = ""  # "ddr", "hbm", "hbm-a3" or "" when unknown
    family: str = "unknown"  # "310p", "310b", "310", "910b", "910a", "a3", "none", "unknown"
    chips: list[SmiChip] = field(default_factory=list)
    processes: list[SmiProcess] = field(default_factory=list)
    npu_smi_version: str | None = None
    driver_version: str | None = None  # the `Version:` field of the first line
    warnings: list[str] = field(default_factory=list)
    problem: str | None = None
    truncated: bool = False


def chip_family(name: str) -> str:
    """Family of one chip name as printed in the table (`310P3`, `910B3`, `Ascend910`, `xxx`)."""
    n = name.strip()
    if re.fullmatch(r"(Ascend\s?)?310P\d*", n, re.IGNORECASE):
        return "310p"
    if re.fullmatch(r"(Ascend\s?)?310B\d*", n, re.IGNORECASE):
        return "310b"
    if re.fullmatch(r"(Ascend\s?)?310", n, re.IGNORECASE):
        return "310"
    if re.fullmatch(r"(Ascend\s?)?910B\w*", n, re.IGNORECASE):
        return "910b"
    if re.fullmatch(r"(Ascend\s?)?910(A|PremiumA|ProA|ProB)?", n, re.IGNORECASE):
        return "910a"
    return "unknown"


def _cells(line: str) -> list[str]:
    """The cells between the outer `|` of a table line (no empty first/last entries)."""
    parts = line.split("|")
    return parts[1:-1] if line.rstrip().endswith("|") else parts[1:]


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if _INT_RE.match(text) else None


def _find_header(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if line.startswith("|") and "Health" in line and "Power(W)" in line:
            return i
    return None


def _layout_of(header2: str) -> str:
    if "HBM-Usage" in header2:
        return "hbm-a3" if "Phy-ID" in header2 else "hbm"
    words = header2.split()
    if "Chip" in words[:3] and "Device" in header2 and "Memory-Usage" in header2:
        return "ddr"
    return ""


def _parse_npu_row(cells: list[str]) -> dict | None:
    if len(cells) < 3:
        return None
    first = cells[0].split()
    m = _NPU_CELL3_RE.match(cells[2])
    if len(first) != 2 or not _INT_RE.match(first[0]) or m is None:
        return None
    return {
        "npu_id": int(first[0]),
        "name": first[1],
        "health": cells[1].strip(),
        "power": m.group(1),
        "temp_c": _int_or_none(m.group(2)),
        "hugepages_used": int(m.group(3)),
        "hugepages_total": int(m.group(4)),
    }


def _parse_chip_row(cells: list[str], layout: str) -> dict | None:
    if len(cells) < 3:
        return None
    first = cells[0].split()
    if not first or not all(_INT_RE.match(t) for t in first):
        return None
    if layout in ("ddr", "hbm-a3") and len(first) != 2:
        return None
    if layout == "hbm" and len(first) != 1:
        return None
    pairs = _PAIR_RE.findall(cells[2])
    want = 2 if layout.startswith("hbm") else 1
    if len(pairs) < want:
        return None
    used, total = pairs[want - 1]
    bus = cells[1].strip()
    return {
        "chip_index": int(first[0]),
        "logic_id": int(first[1]) if len(first) == 2 else None,
        "bus_id": None if bus in ("", "NA") else bus,
        "memory_used_mb": int(used),
        "memory_total_mb": int(total),
    }


def _is_process_header(line: str) -> bool:
    low = line.lower()
    return "process id" in low or "process name" in low


def _parse_processes(lines: list[str]) -> list[SmiProcess]:
    out: list[SmiProcess] = []
    for line in lines:
        if not line.startswith("|") or _is_process_header(line):
            continue
        cells = _cells(line)
        if len(cells) < 4:
            continue  # "No running processes found in NPU 96"
        first = cells[0].split()
        pid = _int_or_none(cells[1])
        mem = _int_or_none(cells[3])
        if len(first) == 2 and all(_INT_RE.match(t) for t in first) and pid is not None and mem is not None:
            out.append(SmiProcess(int(first[0]), int(first[1]), pid, cells[2].strip(), mem))
    return out


def _table_family(layout: str, chips: list[SmiChip], rows: list[tuple[dict, dict]]) -> str:
    if layout == "hbm-a3":
        return "a3"
    names = {chip_family(c.name) for c in chips}
    if layout == "hbm":
        if "910b" in names:
            return "910b"
        if "910a" in names:
            return "910a"
        # anonymised names (`xxx` in Huawei docs): 910A shows real DDR, 910B shows 0 / 0
        ddr_totals = [int(p[1]) for _, chip_row in rows for p in chip_row["_pairs"][:1]]
        return "910a" if any(ddr_totals) else "910b"
    if "310p" in names:
        return "310p"
    known = names - {"unknown"}
    if len(known) == 1:
        return known.pop()
    return "unknown"


def parse_npu_smi_info(text: str) -> SmiTable:
    """Parse `npu-smi info` output. Never raises: problems come back in `SmiTable.problem`."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    table = SmiTable()
    for line in lines:
        m = _VERSION_RE.search(line)
        if m:
            table.npu_smi_version, table.driver_version = m.group(1), m.group(2)
            break
    table.warnings = [ln.strip() for ln in lines if ln.lstrip().upper().startswith("[WARNING")]

    head = _find_header(lines)
    if head is None or head + 1 >= len(lines):
        table.problem = "the text is not an `npu-smi info` table (no `NPU Name | Health | Power(W)` header)"
        return table
    header2 = lines[head + 1]
    table.layout = _layout_of(header2) if header2.startswith("|") else ""
    if not table.layout:
        table.problem = (
            "the `npu-smi info` table is unparseable: its second header line "
            f"({' '.join(header2.split())[:70]!r}) is not a known npu-smi layout"
        )
        return table

    body = lines[head + 2 :]
    proc_at = next((i for i, ln in enumerate(body) if _is_process_header(ln)), None)
    device_lines = body if proc_at is None else body[:proc_at]
    if proc_at is not None:
        table.processes = _parse_processes(body[proc_at + 1 :])

    pairs: list[tuple[dict, dict]] = []
    pending: dict | None = None
    for line in device_lines:
        if not line.startswith("|"):
            continue  # borders, log lines, warnings
        cells = _cells(line)
        if pending is None:
            npu = _parse_npu_row(cells)
            if npu is None:
                table.problem = f"the `npu-smi info` table is unparseable near {' '.join(line.split())[:60]!r}"
                return table
            pending = npu
            continue
        chip = _parse_chip_row(cells, table.layout)
        if chip is None:
            table.problem = (
                f"the `npu-smi info` table is unparseable: NPU {pending['npu_id']} row is not followed "
                f"by its chip row (got {' '.join(line.split())[:60]!r})"
            )
            return table
        chip["_pairs"] = _PAIR_RE.findall(cells[2])
        pairs.append((pending, chip))
        pending = None
    if pending is not None:
        table.problem = f"the `npu-smi info` output is cut off after the NPU {pending['npu_id']} row"
        return table

    for npu, chip in pairs:
        fields = {k: v for k, v in chip.items() if not k.startswith("_")}
        table.chips.append(SmiChip(**npu, **fields))
    if not table.chips:
        table.family = "none"
        table.problem = "npu-smi shows a table with no chips (no NPU visible here)"
        return table
    table.family = _table_family(table.layout, table.chips, pairs)
    last_border = next((ln for ln in reversed(device_lines) if ln.startswith(("+", "|"))), "")
    table.truncated = proc_at is None and not last_border.startswith("+")
    return table
