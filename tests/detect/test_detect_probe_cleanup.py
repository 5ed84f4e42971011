"""npu-smi stand-ins that misbehave: flood their pipe, keep it open after exiting, or hang while
duowiz is interrupted (Ctrl-C to its process group, SIGTERM, SIGHUP). Each must end within the
timeout with bounded memory, and leave no npu-smi process behind."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest

from wizard.detect import detect_host
from wizard.detect.probe import EXIT_GRACE_S, MAX_STDOUT_BYTES, run_npu_smi
from wizard.rules.host_detect import no_310p_detected

REPO = Path(__file__).resolve().parents[2]
SLEEPER = f"[{sys.executable!r}, '-c', 'import time; time.sleep(120)']"


def _stand_in(bin_dir: Path, body: str) -> Path:
    exe = bin_dir / "npu-smi"
    exe.write_text(f"#!{sys.executable}\nimport os, subprocess, sys, time\n{body}\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return exe


def _running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (an orphaned zombie waits for PID 1 to reap it,
    which not every container's PID 1 does)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return fields[0] != "Z"


def _wait_gone(pids: list[int], within: float) -> list[int]:
    until = time.monotonic() + within
    while True:
        alive = [p for p in pids if _running(p)]
        if not alive or time.monotonic() > until:
            return alive
        time.sleep(0.05)


def _kill_all(pids: list[int]) -> None:
    for pid in pids:
        if _running(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _pids(path: Path) -> list[int]:
    try:
        return [int(p) for p in path.read_text().split()]
    except (FileNotFoundError, ValueError):
        return []


FLOOD = 'chunk = b"y\\n" * 32768\nwhile True:\n    os.write(1, chunk)'


def test_flood_is_capped_killed_and_reported_as_garbage(fake_path, tmp_path):
    pid_file = tmp_path / "pid"
    _stand_in(fake_path, f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n{FLOOD}")
    tracemalloc.start()
    try:
        started = time.monotonic()
        result = run_npu_smi(["info"], timeout=4.0)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 4.0 + 1.0
    assert peak < 4 * MAX_STDOUT_BYTES  # bounded: the cap plus copies, never the whole flood
    assert result.status == "garbage"
    assert "printed more than 4 MiB on stdout" in result.problem and "killed" in result.problem
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(int(pid_file.read_text()), 0)


def test_flood_ends_in_the_no_310p_finding(fake_path):
    _stand_in(fake_path, FLOOD)
    host = detect_host(timeout=4.0, probe_kernels=False)
    assert host.family == "unknown" and host.chips == []
    assert host.extra["probe"]["status"] == "garbage"
    (finding,) = no_310p_detected(SimpleNamespace(host=host))
    assert finding.code == "no-310p-detected"
    assert "printed more than 4 MiB" in finding.message and "npu-smi info" in finding.message


def test_stderr_flood_is_capped_too(fake_path):
    _stand_in(fake_path, 'chunk = b"error\\n" * 10000\nwhile True:\n    os.write(2, chunk)')
    started = time.monotonic()
    result = run_npu_smi(["info"], timeout=4.0)
    assert time.monotonic() - started < 4.0 + 1.0
    assert result.status == "garbage" and "on stderr" in result.problem


def test_a_steady_trickle_below_the_cap_still_times_out(fake_path):
    # ~1 MB/s: never reaches the cap within the timeout, never lets the reader idle either
    _stand_in(fake_path, 'chunk = b"y" * 16384\nwhile True:\n    os.write(1, chunk); time.sleep(0.015)')
    started = time.monotonic()
    result = run_npu_smi(["info"], timeout=2.0)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0 + 1.0
    assert result.status == "timeout" and "hung" in result.problem and "2 s" in result.problem


def test_exit_with_the_pipe_held_open_by_a_leftover(fake_path, tmp_path):
    pid_file = tmp_path / "pids"
    _stand_in(
        fake_path,
        f"""
print("partial", flush=True)
child = subprocess.Popen({SLEEPER})  # inherits stdout and keeps it open
open({str(pid_file)!r}, "w").write(f"{{os.getpid()}} {{child.pid}}")
sys.exit(0)
""",
    )
    try:
        started = time.monotonic()
        result = run_npu_smi(["info"], timeout=20.0)
        elapsed = time.monotonic() - started
        assert elapsed < EXIT_GRACE_S + 5.0  # well before the 20 s timeout
        assert result.status == "timeout"
        assert "exited (code 0)" in result.problem and "output stream stayed open" in result.problem
        assert "hung" not in result.problem
        leader, leftover = _pids(pid_file)
        with pytest.raises(ProcessLookupError):
            os.kill(leader, 0)
        assert _wait_gone([leftover], within=5.0) == []  # same process group: killed too
    finally:
        _kill_all(_pids(pid_file))


def test_a_straggler_is_killed_after_a_normal_answer(fake_path, tmp_path):
    pid_file = tmp_path / "pids"
    _stand_in(
        fake_path,
        f"""
child = subprocess.Popen({SLEEPER}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
open({str(pid_file)!r}, "w").write(str(child.pid))
print("hello")
""",
    )
    try:
        result = run_npu_smi(["info"], timeout=20.0)
        assert result.ok and result.stdout == "hello\n"
        assert _wait_gone(_pids(pid_file), within=5.0) == []
    finally:
        _kill_all(_pids(pid_file))


# --- duowiz interrupted while a hung npu-smi runs (a real `duowiz` process) -------------------


def _hanging_shell_stand_in(bin_dir: Path, pid_file: Path) -> None:
    """Like the tester's: a shell script that sleeps for good (its `sleep` is a grandchild)."""
    sleep = subprocess.run(["sh", "-c", "command -v sleep"], capture_output=True, text=True).stdout.strip()
    exe = bin_dir / "npu-smi"
    exe.write_text(f'#!/bin/sh\n{sleep} 300 &\necho "$$ $!" > {pid_file}\nwait\n', encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@pytest.mark.parametrize(
    "argv,how",
    [
        (["detect"], "ctrl-c"),
        (["detect"], "sigterm"),
        (["detect", "--json"], "sighup"),
        (["--profile", "qwen3-8b-w8a8s-tp1", "--dry-run"], "ctrl-c"),
        (["--profile", "qwen3-8b-w8a8s-tp1", "--dry-run"], "sigterm"),
    ],
)
def test_interrupted_duowiz_leaves_no_npu_smi_behind(tmp_path, argv, how):
    if not Path("/bin/sh").exists():
        pytest.skip("needs /bin/sh")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pid_file = tmp_path / "npu-smi.pids"
    _hanging_shell_stand_in(bin_dir, pid_file)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", PYTHONPATH=str(REPO))
    duowiz = subprocess.Popen(
        [sys.executable, "-m", "wizard", *argv, "--timeout", "120"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a foreground job in a terminal
    )
    try:
        until = time.monotonic() + 60
        while len(_pids(pid_file)) < 2 and duowiz.poll() is None and time.monotonic() < until:
            time.sleep(0.05)
        stand_in = _pids(pid_file)
        assert len(stand_in) == 2, f"the stand-in never ran: {duowiz.poll()}"
        if how == "ctrl-c":
            os.killpg(duowiz.pid, signal.SIGINT)  # what the terminal does: the whole foreground group
        else:
            os.kill(duowiz.pid, signal.SIGTERM if how == "sigterm" else signal.SIGHUP)
        _, err = duowiz.communicate(timeout=30)
        assert duowiz.returncode == 130, err
        assert "interrupted" in err.decode() and "Traceback" not in err.decode()
        assert _wait_gone(stand_in, within=3.0) == [], "npu-smi (or its child) outlived duowiz"
    finally:
        if duowiz.poll() is None:
            os.killpg(duowiz.pid, signal.SIGKILL)
            duowiz.wait()
        _kill_all(_pids(pid_file))


def test_flooding_npu_smi_keeps_duowiz_detect_small_and_quick(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _stand_in(bin_dir, FLOOD)
    env = dict(os.environ, PATH=str(bin_dir), PYTHONPATH=str(REPO))
    out_path, err_path = tmp_path / "out", tmp_path / "err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "wizard", "detect", "--timeout", "4"],
            cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
        )
    try:
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory
        proc.returncode = os.waitstatus_to_exitcode(status)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    elapsed = time.monotonic() - started
    assert elapsed < 30  # includes interpreter start-up on a loaded machine; the probe is < 5 s
    assert proc.returncode == 1, err_path.read_text()
    assert "printed more than 4 MiB" in out_path.read_text()
    peak_mb = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    assert peak_mb < 400, f"duowiz detect peaked at {peak_mb:.0f} MB"
