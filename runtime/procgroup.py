"""Start a child in its own process group and stop the whole group politely, then firmly.

Why a group: `vllm serve` and `save_sharded_state_310.py` fork workers (one per TP rank, a
multiprocessing pool per rank for compression). Signalling only the direct child leaves those
workers holding NPU memory. A separate session also keeps the terminal's Ctrl-C away from the
child, so duowiz decides the order: SIGINT (vLLM shuts down cleanly), then SIGTERM, then SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass

#: seconds to wait after each escalation step (SIGINT, SIGTERM) before the next one
DEFAULT_GRACE = (10.0, 5.0)


def spawn(argv: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> subprocess.Popen:
    """Start `argv` (no shell) in a new session with stdout+stderr merged into one text pipe."""
    return subprocess.Popen(
        argv,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
        start_new_session=True,
    )


def _signal_group(pgid: int, sig: int) -> bool:
    try:
        os.killpg(pgid, sig)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return False


def group_alive(pgid: int) -> bool:
    """True while any process of the group still exists (signal 0 probes without killing)."""
    return _signal_group(pgid, 0)


@dataclass
class StopResult:
    signals_sent: list[str]
    returncode: int | None


def stop_group(proc: subprocess.Popen, grace: tuple[float, float] = DEFAULT_GRACE) -> StopResult:
    """SIGINT the group, wait; SIGTERM, wait; SIGKILL. Returns what was needed.

    The group id equals the child's pid (start_new_session). We keep escalating until no
    process of the group is left, not only the direct child: workers may outlive their parent.
    """
    pgid = proc.pid
    sent: list[str] = []
    steps = [(signal.SIGINT, grace[0]), (signal.SIGTERM, grace[1]), (signal.SIGKILL, 5.0)]
    for sig, wait_s in steps:
        if proc.poll() is not None and not group_alive(pgid):
            break
        if not _signal_group(pgid, sig):
            break
        sent.append(signal.Signals(sig).name)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            proc.poll()
            if proc.returncode is not None and not group_alive(pgid):
                break
            time.sleep(0.05)
    try:
        proc.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        pass
    return StopResult(sent, proc.returncode)
