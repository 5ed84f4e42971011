"""Builders for runtime tests: fake executables, hand-built plans, W8A8S folders, pid checks."""

from __future__ import annotations

import json
import os
import socket
import stat
import struct
import sys
import time
from pathlib import Path

from wizard.facts.model import WeightsFacts
from wizard.host.sim import simulated_host
from wizard.launch.options import serve_options
from wizard.launch.spec import FlagUse, LaunchSpec
from wizard.plan import Plan

REPO = Path(__file__).resolve().parents[2]
DOUBLES = REPO / "tests" / "doubles"
FAKE_VLLM = DOUBLES / "fake_vllm.py"
FAKE_SCRIPT = DOUBLES / "save_sharded_state_310.py"


def make_executable(path: Path, target: Path) -> Path:
    """A `vllm`-like executable that runs a Python double with this interpreter."""
    path.write_text(f"#!{sys.executable}\nimport runpy, sys\nsys.argv[0] = {str(target)!r}\n"
                    f"runpy.run_path({str(target)!r}, run_name='__main__')\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP)
    return path


def fake_vllm_bin(tmp_path: Path) -> Path:
    (tmp_path / "bin").mkdir(exist_ok=True)
    return make_executable(tmp_path / "bin" / "vllm", FAKE_VLLM)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flag(spelling: str, value: str | None = None) -> FlagUse:
    return FlagUse(spelling, spelling.lstrip("-").replace("-", "_").removeprefix("no_"), value)


def make_plan(model: str = "/models/m", flags: list[FlagUse] | None = None, chip_ids=(0,), env=None,
              sim: str = "sim:300i-duo-96g:2", image: str | None = None) -> Plan:
    launch = LaunchSpec(source="test", model=model, flags=list(flags or []), env=dict(env or {}), image=image)
    return Plan(launch=launch, options=serve_options(launch), host=simulated_host(sim),
                weights=WeightsFacts(origin="test"), chip_ids=list(chip_ids))


def write_safetensors(path: Path, tensors: dict[str, tuple[str, list[int]]]) -> None:
    width = {"I8": 1, "F16": 2, "I32": 4, "I64": 8}
    header, offset = {}, 0
    for name, (dtype, shape) in tensors.items():
        n = width[dtype]
        for d in shape:
            n *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + n]}
        offset += n
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + bytes(offset))


def make_w8a8s(folder: Path) -> Path:
    """A tiny W8A8S source folder (HF layout) as the compression input."""
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"model_type": "qwen3", "num_hidden_layers": 1}))
    (folder / "tokenizer.json").write_text("{}")
    (folder / "quant_model_description.json").write_text(json.dumps(
        {"model_quant_type": "W8A8S", "version": "1.0.0", "model.layers.0.self_attn.q_proj.weight": "W8A8S"}))
    write_safetensors(folder / "quant_model_weights.safetensors",
                      {"model.layers.0.self_attn.q_proj.weight": ("I8", [64, 32])})
    return folder


def make_w8a8sc(folder: Path, tp: int, broken_rank: int | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "quant_model_description.json").write_text(json.dumps({"model_quant_type": "W8A8SC"}))
    p = "model.layers.0.self_attn.qkv_proj"
    for r in range(tp):
        if r == broken_rank:
            tensors = {f"{p}.weight": ("I8", [64, 32])}
        else:
            tensors = {f"{p}.weight": ("I8", [100]), f"{p}.index": ("I8", [8]), f"{p}.info": ("I64", [5])}
        write_safetensors(folder / f"model-rank-{r}-part-0.safetensors", tensors)
    return folder


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mode, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def fake_msmodelslim(tmp_path: Path) -> Path:
    """A dist-info so importlib.metadata sees msmodelslim installed (the real one needs CANN)."""
    site = tmp_path / "fake_site"
    info = site / "msmodelslim-26.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: msmodelslim\nVersion: 26.1.0\n")
    return site


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is dead for our purposes
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except OSError:
        return False


def wait_gone(pids: list[int], timeout: float = 10.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = [p for p in pids if pid_alive(p)]
        if not alive:
            return []
        time.sleep(0.05)
    return [p for p in pids if pid_alive(p)]


def wait_for_file(path: Path, timeout: float = 15.0, min_lines: int = 1) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            lines = [ln for ln in path.read_text().splitlines() if ln.strip()]
            if len(lines) >= min_lines:
                return lines
        time.sleep(0.05)
    raise AssertionError(f"{path} did not appear within {timeout} s")
