"""Compression against the stand-in script: verified success, the silent rank failure, reuse,
pre-flight refusals, and Ctrl-C (subprocess) leaving no process, no partial output, source intact."""

import io
import os
import signal
import subprocess
import sys

import pytest

from runtime.compress import run_compression
from runtime.compress_plan import GIB, choose_process_num, plan_compression, ram_needed
from runtime.rank_verify import verify_w8a8sc
from tests.runtime.helpers import (FAKE_SCRIPT, REPO, fake_msmodelslim, make_w8a8s, make_w8a8sc, snapshot,
                                   wait_for_file, wait_gone)

PLENTY = 512 * GIB


@pytest.fixture
def source(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(fake_msmodelslim(tmp_path)))
    return make_w8a8s(tmp_path / "src" / "Qwen3-8B-w8a8s")


def _job(source, output, tp=2, **kw):
    return plan_compression(source, output, tp, script=str(FAKE_SCRIPT), ram_available=PLENTY, cpus=8, **kw)


def test_compresses_verifies_and_renames(tmp_path, source, monkeypatch):
    before = snapshot(source)
    job = _job(source, tmp_path / "out" / "tp2")
    assert job.errors == [] and job.process_num == 4  # 8 cores / TP2
    console = io.StringIO()
    result = run_compression(job, tmp_path / "logs", console=console, poll=0.05)
    assert result.ok, result.findings
    assert verify_w8a8sc(tmp_path / "out" / "tp2", 2).ok
    assert not job.tmp_dir.exists()
    assert snapshot(source) == before
    assert "--compress-process-num 4" in console.getvalue()
    assert "verified W8A8SC for TP2" in console.getvalue()


def test_failed_rank_with_exit_0_is_a_failure(tmp_path, source, monkeypatch):
    monkeypatch.setenv("FAKE_COMPRESS_FAIL_RANK", "1")
    job = _job(source, tmp_path / "out")
    result = run_compression(job, tmp_path / "logs", console=io.StringIO(), poll=0.05)
    assert not result.ok
    assert {f.code for f in result.findings} == {"compress-failed"}
    assert "Error processing Rank file" in result.findings[0].evidence
    assert not (tmp_path / "out").exists() and not job.tmp_dir.exists()


def test_valid_existing_output_is_reused(tmp_path, source):
    make_w8a8sc(tmp_path / "out", tp=2)
    job = _job(source, tmp_path / "out")
    assert job.reuse and [f.code for f in job.findings] == ["compression-reused"]


def test_invalid_existing_output_is_refused(tmp_path, source):
    make_w8a8sc(tmp_path / "out", tp=2, broken_rank=1)
    assert "compress-output-exists" in {f.code for f in _job(source, tmp_path / "out").errors}


def test_preflight_refusals(tmp_path, source, monkeypatch):
    bad = _job(source, tmp_path / "out+1")
    assert "compress-output-path-invalid" in {f.code for f in bad.errors}
    poor = plan_compression(source, tmp_path / "o", 2, script=str(FAKE_SCRIPT), ram_available=GIB, cpus=8)
    assert "compress-ram-insufficient" in {f.code for f in poor.errors}
    noscript = plan_compression(source, tmp_path / "o", 2, script=str(tmp_path / "nope.py"), ram_available=PLENTY)
    assert "compress-script-missing" in {f.code for f in noscript.errors}
    w8a8 = make_w8a8sc(tmp_path / "sc", 1)
    assert "compress-source-not-w8a8s" in {f.code for f in _job(w8a8, tmp_path / "o2").errors}


def test_msmodelslim_missing_is_refused(tmp_path):
    src = make_w8a8s(tmp_path / "s")
    job = plan_compression(src, tmp_path / "o", 1, script=str(FAKE_SCRIPT), ram_available=PLENTY)
    assert "msmodelslim-missing" in {f.code for f in job.errors}


def test_process_num_from_cores_and_ram():
    size = 33 * GIB  # Qwen3-32B W8A8S
    assert ram_needed(size, 4, 1) == int(2.5 * size) + 4 * 2 * int(0.6 * GIB)
    assert choose_process_num(size, 4, 200 * GIB, cpus=64) == 8
    assert choose_process_num(size, 4, 200 * GIB, cpus=8) == 2
    assert choose_process_num(size, 4, 88 * GIB, cpus=64) == 1
    assert choose_process_num(size, 4, 80 * GIB, cpus=64) is None


def test_ctrl_c_during_compression_leaves_nothing(tmp_path):
    site = fake_msmodelslim(tmp_path)
    src = make_w8a8s(tmp_path / "src")
    before = snapshot(src)
    pidfile = tmp_path / "pids"
    env = {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{REPO}", "FAKE_COMPRESS_SLEEP": "60",
           "FAKE_COMPRESS_PIDFILE": str(pidfile)}
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "wizard", "compress", "--model", str(src), "--tp", "2",
                             "--output", str(out), "--script", str(FAKE_SCRIPT), "--processes", "1",
                             "--log-dir", str(tmp_path / "logs")], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    pids = [int(p) for p in wait_for_file(pidfile, min_lines=3)]
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 130, output
    assert wait_gone(pids) == []
    assert not out.exists() and not (tmp_path / ".out.duowiz-tmp").exists()
    assert snapshot(src) == before


@pytest.mark.parametrize("where", ["same", "inside", "contains"])
def test_output_overlapping_the_source_never_suggests_deleting_it(tmp_path, source, where):
    output = {"same": source, "inside": source / "sc", "contains": source.parent}[where]
    job = _job(source, output)
    bad = [f for f in job.errors if f.code == "compress-bad-input"]
    assert bad and "choose another --output" in bad[0].fix
    assert not any("rm " in (f.fix or "") for f in job.findings)
    assert "compress-output-exists" not in {f.code for f in job.findings}
