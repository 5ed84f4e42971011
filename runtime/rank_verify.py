"""Verify a W8A8SC sharded_state folder for one TP before anyone serves it.

`save_sharded_state_310.py` prints "Compression completed successfully." and rewrites the
description to W8A8SC even when a rank failed (compression.md §3.3), so success is decided
here, from the files: ranks exactly 0..TP-1, every compressed linear carries a 1-D int8
`.weight` plus `.index` (int8, 1-D) and `.info` (int64, [5]), no 2-D int8 linear weight left
uncompressed, the description says W8A8SC, and no leftovers of an interrupted run.
Only safetensors headers are read (wizard.facts.safetensors_header): no torch, no data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from wizard.facts.safetensors_header import read_safetensors_header

RANK_FILE = re.compile(r"^model-rank-(\d+)-part-(\d+)\.safetensors$")
DESCRIPTION = "quant_model_description.json"
LEFTOVERS = ("ori_quant_model_description.json", "parameters_type_map.json")
#: tensors that stay float / int8 2-D legitimately (never compressed)
_NOT_LINEAR = re.compile(r"(norm|embed|lm_head)", re.IGNORECASE)


@dataclass
class Verification:
    folder: Path
    tp: int
    problems: list[str] = field(default_factory=list)
    ranks: list[int] = field(default_factory=list)
    compressed_per_rank: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def rank_files(folder: Path) -> dict[int, list[Path]]:
    out: dict[int, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        m = RANK_FILE.match(path.name)
        if m:
            out.setdefault(int(m.group(1)), []).append(path)
    return out


def description_type(folder: Path) -> tuple[str | None, str | None]:
    """(model_quant_type, problem)."""
    path = folder / DESCRIPTION
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, f"{DESCRIPTION} is missing"
    except (OSError, ValueError) as exc:
        return None, f"{DESCRIPTION} is unreadable: {str(exc)[:200]}"
    except RecursionError:
        return None, f"{DESCRIPTION} is unreadable: nested too deeply"
    if not isinstance(data, dict):
        return None, f"{DESCRIPTION} is not a JSON object"
    return data.get("model_quant_type"), None


def verify_rank_file(path: Path) -> tuple[int, list[str]]:
    """(number of compressed linears, problems) for one rank file."""
    header, problem = read_safetensors_header(path)
    if problem:
        return 0, [problem]
    tensors = header.tensors
    problems, compressed = [], 0
    for name, entry in tensors.items():
        if not name.endswith(".weight") or _NOT_LINEAR.search(name):
            continue
        prefix = name[: -len(".weight")]
        index, info = tensors.get(prefix + ".index"), tensors.get(prefix + ".info")
        if entry.dtype == "I8" and len(entry.shape) == 2 and index is None:
            problems.append(f"{path.name}: {name} is still a 2-D int8 weight (not compressed)")
            continue
        if index is None and info is None:
            continue  # a float weight that was never quantized
        if entry.dtype != "I8" or len(entry.shape) != 1:
            problems.append(f"{path.name}: {name} is {entry.dtype}{list(entry.shape)}, expected 1-D I8")
        if index is None or index.dtype != "I8" or len(index.shape) != 1:
            problems.append(f"{path.name}: {prefix}.index missing or not 1-D I8")
        if info is None or info.dtype != "I64" or list(info.shape) != [5]:
            problems.append(f"{path.name}: {prefix}.info missing or not I64[5]")
        compressed += 1
    if compressed == 0 and not problems:
        problems.append(f"{path.name}: no compressed linear (.weight + .index + .info) found")
    return compressed, problems


def verify_w8a8sc(folder: str | Path, tp: int) -> Verification:
    folder = Path(folder)
    result = Verification(folder=folder, tp=tp)
    if not folder.is_dir():
        result.problems.append(f"{folder} is not a folder")
        return result
    qtype, problem = description_type(folder)
    if problem:
        result.problems.append(problem)
    elif qtype != "W8A8SC":
        result.problems.append(f"{DESCRIPTION} says model_quant_type {qtype!r}, expected 'W8A8SC'")
    for name in LEFTOVERS:
        if (folder / name).exists():
            result.problems.append(f"{name} left behind: the compression run did not finish")
    ranks = rank_files(folder)
    result.ranks = sorted(ranks)
    if set(ranks) != set(range(tp)):
        missing = sorted(set(range(tp)) - set(ranks))
        extra = sorted(set(ranks) - set(range(tp)))
        detail = ", ".join(filter(None, [f"missing {missing}" if missing else "", f"unexpected {extra}" if extra else ""]))
        result.problems.append(f"rank files {result.ranks} are not exactly 0..{tp - 1} ({detail})")
    for rank, paths in sorted(ranks.items()):
        count = 0
        for path in paths:
            n, problems = verify_rank_file(path)
            count += n
            result.problems.extend(problems)
        result.compressed_per_rank[rank] = count
    return result


def rank_state(path: Path) -> str:
    """'compressed' when the file already holds .index tensors, 'sharded' before compression,
    'writing' while the header cannot be read yet. Drives the per-rank progress display."""
    header, problem = read_safetensors_header(path)
    if problem or header is None:
        return "writing"
    return "compressed" if any(n.endswith(".index") for n in header.tensors) else "sharded"
