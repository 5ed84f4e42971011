"""`duowiz detect` as a subprocess, and the round trip detect --json → load_host / check --host."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


from wizard.host.hostfile import load_host
from tests.conftest import shared_dir

REPO = Path(__file__).resolve().parents[2]
FIXTURES = shared_dir() / "fixtures" / "npu-smi"
DUO_4 = FIXTURES / "310p-duo-4cards-drv25.3.rc1-container-proc.txt"


def duowiz(*args: str, tmp_path: Path, path_env: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if path_env is not None:
        env["PATH"] = path_env
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )


def test_detect_on_a_machine_without_npu(tmp_path):
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()  # no npu-smi anywhere on PATH, as on this (NPU-less) machine
    proc = duowiz("detect", tmp_path=tmp_path, path_env=str(empty_bin))
    assert proc.returncode == 1, proc.stderr
    assert "No Ascend 310P found" in proc.stdout
    assert "npu-smi" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_detect_text_summary_of_a_replayed_capture(tmp_path):
    proc = duowiz("detect", "--npu-smi-output", str(DUO_4), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "310P: 4 card(s), 8 chip(s)" in out
    assert "card NPU 32896: Atlas 300I Duo" in out
    assert "35552 / 44278 MB used" in out and "[" in out
    assert "Versions:" in out and "npu-smi 25.3.rc1" in out
    assert "Warnings:" in out and "chip 0 already has 35552 MB" in out


def test_detect_json_round_trip(tmp_path):
    proc = duowiz("detect", "--json", "--npu-smi-output", str(DUO_4), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["family"] == "310p" and len(data["chips"]) == 8
    for key in ("cards", "versions", "packages", "triton_residue", "env", "extra"):
        assert key in data
    assert set(data["chips"][0]) >= {
        "logic_id", "npu_id", "chip_index", "name", "memory_total_mb", "memory_used_mb", "health", "bus_id"
    }
    host_file = tmp_path / "h.json"
    host_file.write_text(proc.stdout)
    host = load_host(str(host_file))
    assert [c.__dict__ for c in host.chips] == data["chips"]
    assert [c.__dict__ for c in host.cards] == data["cards"]
    assert host.family == "310p" and host.problem is None
    assert host.versions == data["versions"] and host.extra["processes"] == data["extra"]["processes"]


def test_detect_json_of_an_unparseable_capture(tmp_path):
    bad = FIXTURES / "negative-310p-duo-ocr-mangled-drv24.1.0.1.txt"
    proc = duowiz("detect", "--json", "--npu-smi-output", str(bad), tmp_path=tmp_path)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["family"] == "unknown" and data["chips"] == [] and "unparseable" in data["problem"]
    assert "No Ascend 310P found" in proc.stderr
    host_file = tmp_path / "h.json"
    host_file.write_text(proc.stdout)
    host = load_host(str(host_file))
    assert host.family == "unknown" and host.chips == [] and "unparseable" in host.problem


def test_detect_rejects_a_bad_timeout_and_a_missing_capture(tmp_path):
    assert duowiz("detect", "--timeout", "0", tmp_path=tmp_path).returncode == 2
    proc = duowiz("detect", "--npu-smi-output", str(tmp_path / "nope.txt"), tmp_path=tmp_path)
    assert proc.returncode == 2 and "cannot read npu-smi capture" in proc.stderr and "Traceback" not in proc.stderr


def _codes(proc: subprocess.CompletedProcess) -> list[str]:
    data = json.loads(proc.stdout)
    return sorted(f["code"] for f in data["findings"])


def test_check_gives_the_same_verdict_from_the_file_as_from_the_capture(tmp_path):
    proc = duowiz("detect", "--json", "--npu-smi-output", str(DUO_4), tmp_path=tmp_path)
    (tmp_path / "h.json").write_text(proc.stdout)
    line = ["--", "vllm", "serve", "Qwen/Qwen3-8B", "--dtype", "float16", "--max-model-len", "8192"]
    from_file = duowiz("check", "--json", "--host", "h.json", *line, tmp_path=tmp_path)
    from_capture = duowiz("check", "--json", "--host", str(DUO_4), *line, tmp_path=tmp_path)
    assert from_file.returncode == from_capture.returncode == 1
    assert _codes(from_file) == _codes(from_capture)
    # chip 0 of that capture runs another process: both the in-use warning and the start-up gate fire
    assert {"chip-memory-in-use", "gmu-exceeds-free-memory"} <= set(_codes(from_file))
