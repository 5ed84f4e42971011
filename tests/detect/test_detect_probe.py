"""Stand-in `npu-smi` executables on PATH: a capture, a failure, a hang, garbage, missing."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

from wizard.detect import detect_host
from wizard.detect.probe import run_npu_smi
from tests.conftest import shared_dir

FIXTURES = shared_dir() / "fixtures" / "npu-smi"
DUO_4 = FIXTURES / "310p-duo-4cards-drv25.3.rc1-container-proc.txt"
MAPPING = FIXTURES / "310p-duo-4cards-mapping-m-namexxx.txt"


def _stand_in(bin_dir: Path, body: str) -> None:
    """Write an executable `npu-smi` (a Python script) into bin_dir."""
    exe = bin_dir / "npu-smi"
    exe.write_text(f"#!{sys.executable}\nimport os, sys, time\n{body}\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def test_capture_is_detected(fake_path):
    _stand_in(
        fake_path,
        f"""
args = sys.argv[1:]
assert os.environ.get("LANG") == "C", os.environ.get("LANG")
if args == ["info"]:
    sys.stdout.write(open({str(DUO_4)!r}).read())
elif args == ["info", "-m"]:
    sys.stdout.write(open({str(MAPPING)!r}).read())
else:
    sys.exit(3)
""",
    )
    host = detect_host(timeout=5)
    assert host.family == "310p" and host.problem is None
    assert len(host.chips) == 8 and len(host.cards) == 4
    assert all(card.kind == "300i-duo" for card in host.cards)
    assert host.versions["npu_smi"] == "25.3.rc1"
    assert host.extra["probe"]["status"] == "ok"


def test_exit_1_is_reported(fake_path):
    _stand_in(fake_path, 'sys.stderr.write("dcmi module initialize failed. ret is -8005\\n"); sys.exit(1)')
    host = detect_host(timeout=5)
    assert host.family == "unknown" and host.chips == []
    assert "exit code 1" in host.problem and "-8005" in host.problem
    assert host.extra["probe"]["status"] == "failed"
    assert "cpus" in host.extra  # the other probes still ran


def test_hang_is_killed_within_timeout(fake_path, tmp_path):
    pid_file = tmp_path / "pid"
    _stand_in(fake_path, f"open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)")
    started = time.monotonic()
    host = detect_host(timeout=1.0)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0 + 1.0
    assert host.family == "unknown" and "hung" in host.problem and "1 s" in host.problem
    assert host.extra["probe"]["status"] == "timeout"
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # killed and reaped: no orphan left
        os.kill(pid, 0)


def test_garbage_output(fake_path):
    _stand_in(fake_path, 'print("Segmentation fault? no table here")')
    host = detect_host(timeout=5)
    assert host.family == "unknown" and host.chips == []
    assert "not an `npu-smi info` table" in host.problem
    assert host.extra["probe"]["status"] == "garbage"


def test_missing_npu_smi(fake_path):
    host = detect_host(timeout=5)
    assert host.family in ("none", "unknown")
    assert "not on PATH" in host.problem
    assert host.extra["probe"]["status"] == "missing"


def test_run_npu_smi_passes_an_argument_list(fake_path):
    _stand_in(fake_path, "print(repr(sys.argv[1:]))")
    result = run_npu_smi(["info", "-t", "board", "-i", "2944; rm -rf /"], timeout=5)
    assert result.ok
    assert result.stdout.strip() == repr(["info", "-t", "board", "-i", "2944; rm -rf /"])


def test_replay_does_not_run_npu_smi(fake_path):
    _stand_in(fake_path, "sys.exit(1)")
    host = detect_host(npu_smi_output=str(DUO_4))
    assert host.family == "310p" and len(host.chips) == 8
    assert "capture" in host.source


EDGEBOX = FIXTURES / "310p-24G-1card-drv23.0.0-edgebox-idle.txt"
PRODUCT = FIXTURES / "310p-duo-product-i-drv25.5.1.txt"


def test_product_query_tells_half_a_duo_from_a_pro(fake_path, tmp_path):
    calls = tmp_path / "calls"
    _stand_in(
        fake_path,
        f"""
args = sys.argv[1:]
open({str(calls)!r}, "a").write(" ".join(args) + "\\n")
if args == ["info"]:
    sys.stdout.write(open({str(EDGEBOX)!r}).read())
elif args == ["info", "-t", "product", "-i", "24"]:
    sys.stdout.write(open({str(PRODUCT)!r}).read().replace("2944", "24"))
else:
    sys.exit(1)  # -m and -t board unsupported on this stand-in
""",
    )
    host = detect_host(timeout=5)
    assert [c.kind for c in host.cards] == ["300i-duo"]
    assert host.extra["card_details"][0]["partial"] is True
    assert host.extra["npu_smi_hints"] == ["npu-smi info -t product -i 24"]
    assert calls.read_text().splitlines() == ["info", "info -m", "info -t product -i 24", "info -t board -i 24"]
