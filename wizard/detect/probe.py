"""Run `npu-smi` safely: argument list, LANG=C, a hard timeout, and no orphan left behind.

Why: npu-smi can take seconds and can hang for good (a vNPU limiter not matching the driver,
reference/hardware.md §3.6). It runs in its own process group so that on timeout we kill the
whole group (npu-smi and anything it spawned), then reap it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass

DEFAULT_TIMEOUT_S = 15.0


@dataclass
class ProbeResult:
    """`status`: ok | missing | failed (exit ≠ 0 or could not start) | timeout."""

    argv: list[str]
    status: str
    stdout: str = ""
    returncode: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        try:
            proc.kill()
        except OSError:
            pass


def run_npu_smi(args: list[str], timeout: float = DEFAULT_TIMEOUT_S, binary: str = "npu-smi") -> ProbeResult:
    """Run `npu-smi <args>`; never raises, never waits longer than `timeout` (+ reaping)."""
    exe = shutil.which(binary)
    argv = [binary, *args]
    if exe is None:
        return ProbeResult(argv, "missing", problem=f"`{binary}` is not on PATH (no Ascend driver here, or not mounted into the container)")
    env = dict(os.environ, LANG="C", LC_ALL="C")
    try:
        proc = subprocess.Popen(
            [exe, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    except OSError as exc:
        return ProbeResult(argv, "failed", problem=f"`{' '.join(argv)}` could not start: {exc.strerror or exc}")
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        try:
            proc.communicate(timeout=1.0)
        except subprocess.TimeoutExpired:  # a grandchild in another group still holds the pipe
            pass
        return ProbeResult(argv, "timeout", problem=f"`{' '.join(argv)}` hung: no answer within {timeout:g} s (killed)")
    text = out.decode("utf-8", errors="replace")
    if proc.returncode != 0:
        detail = (err.decode("utf-8", errors="replace").strip() or text.strip()).splitlines()
        tail = f": {detail[-1][:160]}" if detail else ""
        return ProbeResult(
            argv, "failed", text, proc.returncode, f"`{' '.join(argv)}` failed with exit code {proc.returncode}{tail}"
        )
    return ProbeResult(argv, "ok", text, 0)
