"""Weights facts: what format the checkpoint is in, which ranks it was cut for, how many bytes.

Why: on a 310P the format decides the serve line (W8A8SC needs `--load-format sharded_state`
and exactly the TP it was compressed for) and the weight bytes decide the KV budget. A local
folder is read (description file, rank files, safetensors headers — never tensor data); a hub
id or a path that is not on this machine falls back to the naming convention, marked
"inferred from the name". Layout facts: reference/compression.md §2, 310p-facts.md §5.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from wizard.facts.config import read_config
from wizard.facts.model import ModelFacts, WeightsFacts
from wizard.facts.names import parse_model_name
from wizard.facts.safetensors_header import SafetensorsHeader, read_safetensors_header
from wizard.facts.small_file import read_small_text
from wizard.findings import shorten

DESCRIPTION_NAME = "quant_model_description.json"  # the only name vllm-ascend reads
RANK_FILE = re.compile(r"^model-rank-(\d+)-part-(\d+)\.safetensors$")
_MINDIE_PART = re.compile(r"^part\d+-of-\d+$")
_LEFTOVER_FILES = ("ori_quant_model_description.json", "parameters_type_map.json")
#: top-level description keys that are not tensor names (msmodelslim QuantModelJsonDescription)
_RESERVED = {"model_quant_type", "version", "group_size", "kv_cache_type", "kv_quant_type",
             "fa_quant_type", "reduce_quant_type", "metadata", "optional"}


def scan_weights(model: str) -> WeightsFacts:
    """Facts about the weights `model` names: a local folder when it exists, else the name."""
    if not model.strip():
        return WeightsFacts(origin="no model named")
    try:
        path = Path(model).expanduser()  # relative paths resolve from the cwd, as vLLM does
        # os.path.isdir, not Path.is_dir: the latter raises on ENAMETOOLONG / EACCES (Python < 3.12)
        is_dir = os.path.isdir(path)
    except (OSError, ValueError, RuntimeError):  # RuntimeError: `~user` with no such user
        is_dir = False
    return scan_folder(path, model) if is_dir else weights_from_name(model)


def weights_from_name(model: str) -> WeightsFacts:
    """Hints from a hub id / absent path: `-w8a8sc` → W8A8SC, `-tp4` → 4, `-310` → 310P build."""
    info = parse_model_name(model)
    facts = WeightsFacts(origin=f"inferred from the name {shorten(model)!r} (no such folder on this machine)")
    facts.inferred_from_name = True
    facts.quant_type = info.quant_type
    facts.name_tp = info.tp
    facts.not_310p_variant = info.not_310p_variant
    return facts


def scan_folder(folder: Path, model: str | None = None) -> WeightsFacts:
    facts = WeightsFacts(origin=f"weights folder {folder}", folder=str(folder), exists=True)
    info = parse_model_name(model or str(folder))
    facts.name_tp = info.tp
    facts.not_310p_variant = info.not_310p_variant
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        facts.safetensors_errors.append(f"{folder}: cannot list ({exc.strerror or exc})")
        return facts
    _read_description(facts, folder, entries)
    _note_layout(facts, entries)
    headers = _read_headers(facts, entries)
    model_facts, facts.config_error = read_config(folder)
    if model_facts is not None and 0 in facts.rank_files:
        facts.shape_tp = _tp_from_shapes(model_facts, [headers[n] for n in facts.rank_files[0] if n in headers])
    facts.quant_type = _quant_type(facts, model_facts)
    return facts


def _read_description(facts: WeightsFacts, folder: Path, entries: list[Path]) -> None:
    path = folder / DESCRIPTION_NAME
    if not path.is_file():
        variants = [p for p in entries if p.is_file() and p.name.startswith("quant_model_description")
                    and p.suffix == ".json"]
        if not variants:
            return
        path = variants[0]
        facts.description_misnamed = path.name  # read anyway: the fix is a rename
    else:
        facts.description_file = path.name
    try:
        doc = json.loads(read_small_text(path))
    except (OSError, UnicodeDecodeError) as exc:
        facts.description_error = f"{path.name}: cannot read ({getattr(exc, 'strerror', None) or exc})"
        return
    except json.JSONDecodeError as exc:
        facts.description_error = f"{path.name}: not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        return
    except (ValueError, RecursionError):  # a number with thousands of digits, absurd nesting
        facts.description_error = f"{path.name}: not valid JSON (a number too long or nesting too deep to read)"
        return
    if not isinstance(doc, dict):
        facts.description_error = f"{path.name}: holds a JSON {type(doc).__name__}, not an object"
        return
    facts.tensor_types = {k: v for k, v in doc.items() if k not in _RESERVED and isinstance(v, str)}
    declared = doc.get("model_quant_type")
    if isinstance(declared, str) and declared:
        facts.quant_type = declared.upper()


def _note_layout(facts: WeightsFacts, entries: list[Path]) -> None:
    for entry in entries:
        name = entry.name
        if entry.is_dir():
            if _MINDIE_PART.match(name):
                facts.mindie_parts.append(name)
            elif name.isdigit():
                facts.leftovers.append(name + "/")
            continue
        if name in _LEFTOVER_FILES:
            facts.leftovers.append(name)
        m = RANK_FILE.match(name)
        if m:
            facts.rank_files.setdefault(int(m.group(1)), []).append(name)


def _read_headers(facts: WeightsFacts, entries: list[Path]) -> dict[str, SafetensorsHeader]:
    headers: dict[str, SafetensorsHeader] = {}
    files = []
    for entry in (e for e in entries if e.suffix == ".safetensors"):
        problem = _not_a_weights_file(entry)
        if problem:
            facts.safetensors_errors.append(f"{entry.name}: {problem}")  # vLLM fails on it too
        else:
            files.append(entry)
    rank_of = {n: r for r, names in facts.rank_files.items() for n in names}
    for path in files:
        header, problem = read_safetensors_header(path)
        if problem:
            facts.safetensors_errors.append(problem)
            continue
        headers[path.name] = header
        rank = rank_of.get(path.name)
        if rank is not None:
            facts.rank_bytes[rank] = facts.rank_bytes.get(rank, 0) + header.data_bytes
        compressed, dense = _count_linears(header)
        facts.compressed_linears += compressed
        facts.dense_int8_linears += dense
        if rank is not None and dense and not compressed and rank not in facts.uncompressed_ranks:
            facts.uncompressed_ranks.append(rank)
    facts.safetensors_files = len(files)
    if headers:
        facts.safetensors_bytes = sum(h.data_bytes for h in headers.values())
    if not facts.rank_files:
        facts.missing_shards = _missing_shards(entries, {p.name for p in files})
    return headers


def _not_a_weights_file(entry: Path) -> str | None:
    """Why a `*.safetensors` entry cannot be read as one (a FIFO would block the header read,
    a link to /dev/zero is no file); None for a regular file."""
    from wizard.inputfile import regular_file_problem

    try:
        mode = entry.stat().st_mode  # follows a symlink
    except FileNotFoundError:
        return "a symbolic link to nothing (dangling)"
    except OSError as exc:
        return f"cannot read ({exc.strerror or exc})"
    return regular_file_problem(mode)


def _count_linears(header: SafetensorsHeader) -> tuple[int, int]:
    """(compressed, dense int8) linears: 1-D I8 weight + index + info vs a 2-D I8 weight."""
    compressed = dense = 0
    for name, tensor in header.tensors.items():
        if not name.endswith(".weight") or tensor.dtype != "I8":
            continue
        prefix = name[: -len(".weight")]
        if len(tensor.shape) == 1 and prefix + ".index" in header.tensors and prefix + ".info" in header.tensors:
            compressed += 1
        elif len(tensor.shape) == 2:
            dense += 1
    return compressed, dense


def _missing_shards(entries: list[Path], present: set[str]) -> list[str]:
    missing: set[str] = set()
    for index in (e for e in entries if e.name.endswith(".safetensors.index.json") and e.is_file()):
        try:
            weight_map = json.loads(read_small_text(index)).get("weight_map", {})
        except (OSError, ValueError, RecursionError, AttributeError):  # ValueError: bad JSON, bad text
            continue
        if isinstance(weight_map, dict):
            missing |= {str(v) for v in weight_map.values()} - present
    return sorted(missing)


def _tp_from_shapes(model: ModelFacts, headers: list[SafetensorsHeader]) -> int | None:
    """The TP whose per-rank qkv_proj / gate_up_proj rows match what the rank-0 file holds."""
    heads, kv, hd, inter = model.num_attention_heads, model.kv_heads, model.head_size, model.intermediate_size
    for header in headers:
        for suffix in ("deq_scale", "quant_bias"):
            qkv = header.tensors.get(f"model.layers.0.self_attn.qkv_proj.{suffix}")
            if qkv is not None and qkv.shape and heads and kv and hd:
                for tp in range(1, 129):
                    if heads % tp == 0 and (heads // tp + 2 * max(1, kv // tp)) * hd == qkv.shape[0]:
                        return tp
            gate_up = header.tensors.get(f"model.layers.0.mlp.gate_up_proj.{suffix}")
            if gate_up is not None and gate_up.shape and inter and gate_up.shape[0] and \
                    (2 * inter) % gate_up.shape[0] == 0:
                tp = 2 * inter // gate_up.shape[0]
                if 1 <= tp <= 128:  # beyond any 310P server: the shape is not a per-rank cut
                    return tp
    return None


def _quant_type(facts: WeightsFacts, model: ModelFacts | None) -> str | None:
    """Description first; else what the tensors show; else FLOAT for a plain HF checkpoint."""
    if facts.quant_type:
        return facts.quant_type
    types = [t.upper() for t in facts.tensor_types.values() if t.upper() != "FLOAT"]
    if types:
        return max(set(types), key=types.count)
    if facts.compressed_linears:
        return "W8A8SC"
    if facts.description_file or facts.description_misnamed or facts.dense_int8_linears:
        return None  # quantized, but the description cannot say how
    if model is not None and model.quant_method is None:
        return "FLOAT"
    return None
