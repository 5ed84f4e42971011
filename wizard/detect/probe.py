"""Run `npu-smi` safely: argument list, LANG=C, a hard timeout, bounded output, no orphan left.

Why: npu-smi can take seconds and can hang for good (a vNPU limiter not matching the driver,
reference/hardware.md §3.6). It runs in its own session/process group so that we can kill the
whole group (npu-smi and anything it spawned) with one signal — but that also means the
terminal's Ctrl-C never reaches it. So duowiz kills and reaps the group itself on *every* way
out: normal end (stragglers), timeout, too much output, Ctrl-C, SIGTERM/SIGHUP (turned into
KeyboardInterrupt while npu-smi runs, when they would otherwise kill duowiz with no cleanup),
any other exception, and interpreter exit (a detection in a TUI worker thread).

What is read is capped: a real `npu-smi info` prints a few KB; something that floods its pipe
(a broken wrapper, `yes`) is stopped at `MAX_STDOUT_BYTES` and reported as garbage, instead
of buffering gigabytes past the timeout.
"""

from __future__ import annotations

import atexit
import os
import selectors
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass

DEFAULT_TIMEOUT_S = 15.0
#: what is read from npu-smi's stdout at most (real `npu-smi info` captures are 2–20 KB)
MAX_STDOUT_BYTES = 4 * 1024 * 1024
#: and from its stderr (only its last line is ever shown)
MAX_STDERR_BYTES = 256 * 1024
#: once npu-smi has exited, how long a process it left behind may keep its output pipe open
EXIT_GRACE_S = 1.0
#: how long to wait for the killed group's leader to be reaped (longer only if stuck in the driver)
REAP_TIMEOUT_S = 1.0
_POLL_S = 0.05
_CHUNK = 64 * 1024

#: npu-smi processes still running (their groups are killed at interpreter exit, e.g. when the
#: TUI quits while a detection worker thread is still waiting)
_LIVE: set[subprocess.Popen] = set()


@dataclass
class ProbeResult:
    """`status`: ok | missing | failed (exit ≠ 0 or could not start) | timeout | garbage (flood)."""

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
        os.killpg(proc.pid, signal.SIGKILL)  # pgid == pid: started with start_new_session
    except (ProcessLookupError, PermissionError, OSError):
        try:
            proc.kill()
        except OSError:
            pass


@atexit.register
def _kill_leftovers() -> None:
    for proc in list(_LIVE):
        _kill_group(proc)


def _stop(proc: subprocess.Popen) -> None:
    """Kill the whole group (a no-op for a leader that already exited, stragglers included),
    reap the leader (bounded: one stuck in the driver cannot be reaped) and close the pipes."""
    try:
        _kill_group(proc)
        proc.wait(timeout=REAP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pass
    finally:
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass


class SignalGuard:
    """Make SIGINT, SIGTERM and SIGHUP end in KeyboardInterrupt (main thread only).

    A signal whose handler is Python code (Ctrl-C's default, runtime.signals' SIGTERM) is passed
    on to that handler unchanged; one that would kill the process outright (SIGTERM/SIGHUP by
    default) raises KeyboardInterrupt instead, so `finally` blocks run and child groups are killed;
    an ignored one stays ignored. While `holding` (starting the child until it is registered for
    cleanup, and during the cleanup itself) a signal is kept and delivered on `release()` or on
    leaving the block, so no interrupt can leave a child behind half-started or half-killed."""

    NAMES = ("SIGINT", "SIGTERM", "SIGHUP")

    def __init__(self) -> None:
        self._prev: dict[int, object] = {}
        self._pending: tuple[int, object] | None = None
        self.holding = False

    def __enter__(self) -> SignalGuard:
        if threading.current_thread() is not threading.main_thread():
            return self
        for name in self.NAMES:
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            prev = signal.getsignal(sig)
            if prev is signal.SIG_IGN or prev is None:  # ignored, or a handler not set from Python
                continue
            try:
                signal.signal(sig, self._handle)
            except (ValueError, OSError):
                continue
            self._prev[sig] = prev
        return self

    def __exit__(self, *exc) -> None:
        for sig, prev in self._prev.items():
            signal.signal(sig, prev)
        self.release()

    def _handle(self, signum, frame) -> None:
        if self.holding:
            if self._pending is None:
                self._pending = (signum, frame)
            return
        self._deliver(signum, frame)

    def _deliver(self, signum, frame) -> None:
        prev = self._prev.get(signum, signal.SIG_DFL)
        if callable(prev):
            prev(signum, frame)  # Ctrl-C: default_int_handler raises KeyboardInterrupt
        else:
            raise KeyboardInterrupt

    def release(self) -> None:
        self.holding = False
        pending, self._pending = self._pending, None
        if pending is not None:
            self._deliver(*pending)


def _peek_exit(proc: subprocess.Popen) -> int | None:
    """The leader's exit code once it has exited, without reaping it (so its pid, which is also
    the group id, cannot be reused before the group is killed). None while it runs."""
    try:
        info = os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored): it has exited
        return proc.returncode if proc.returncode is not None else 0
    except (AttributeError, OSError):  # no waitid on this platform
        return proc.poll()
    if info is None or info.si_pid == 0:
        return None
    return info.si_status if info.si_code == os.CLD_EXITED else -info.si_status


@dataclass
class _Collected:
    """How reading ended: `eof` (exited, pipes closed), `timeout`, `stream-open` (exited but a
    leftover process holds the pipe), `overflow` (more than the cap on `stream`)."""

    how: str
    stdout: bytes = b""
    stderr: bytes = b""
    exit_code: int | None = None
    stream: str = ""


def _collect(proc: subprocess.Popen, timeout: float) -> _Collected:
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None and proc.stderr is not None
    streams = {
        proc.stdout.fileno(): ("stdout", bytearray(), MAX_STDOUT_BYTES),
        proc.stderr.fileno(): ("stderr", bytearray(), MAX_STDERR_BYTES),
    }

    out_buf, err_buf = streams[proc.stdout.fileno()][1], streams[proc.stderr.fileno()][1]

    def result(how: str, exit_code: int | None = None, stream: str = "") -> _Collected:
        return _Collected(how, bytes(out_buf), bytes(err_buf), exit_code, stream)

    exit_code: int | None = None
    exited_at: float | None = None
    with selectors.DefaultSelector() as sel:
        for fd in streams:
            sel.register(fd, selectors.EVENT_READ)
        while True:
            now = time.monotonic()
            if exited_at is None:
                exit_code = _peek_exit(proc)
                if exit_code is not None:
                    exited_at = now
            if exited_at is not None and not sel.get_map():
                return result("eof", exit_code)
            limit = deadline if exited_at is None else min(deadline, exited_at + EXIT_GRACE_S)
            if now >= limit:
                return result("timeout" if exited_at is None else "stream-open", exit_code)
            wait = min(limit - now, _POLL_S)
            if not sel.get_map():  # pipes closed, npu-smi still running
                time.sleep(wait)
                continue
            for key, _ in sel.select(wait):
                chunk = os.read(key.fd, _CHUNK)
                if not chunk:
                    sel.unregister(key.fd)
                    continue
                name, buf, cap = streams[key.fd]
                if len(buf) + len(chunk) > cap:
                    return result("overflow", exit_code, name)
                buf += chunk


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):g} MiB" if n >= 1024 * 1024 else f"{n // 1024} KiB"


def run_npu_smi(args: list[str], timeout: float = DEFAULT_TIMEOUT_S, binary: str = "npu-smi") -> ProbeResult:
    """Run `npu-smi <args>`; returns within `timeout` (+ about a second to kill and reap).

    Never raises for anything npu-smi does; KeyboardInterrupt (Ctrl-C, or SIGTERM/SIGHUP while
    it runs) propagates — after npu-smi's whole process group has been killed and reaped."""
    exe = shutil.which(binary)
    argv = [binary, *args]
    cmd = f"`{' '.join(argv)}`"
    if exe is None:
        return ProbeResult(argv, "missing", problem=f"`{binary}` is not on PATH (no Ascend driver here, or not mounted into the container)")
    env = dict(os.environ, LANG="C", LC_ALL="C")
    with SignalGuard() as guard:
        guard.holding = True
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
            return ProbeResult(argv, "failed", problem=f"{cmd} could not start: {exc.strerror or exc}")
        _LIVE.add(proc)
        try:
            guard.release()  # a signal that came while starting it is raised here, inside the try
            got = _collect(proc, timeout)
        finally:
            guard.holding = True  # a (second) signal now waits until the group is dead and reaped
            _stop(proc)
            _LIVE.discard(proc)

    stuck = "" if proc.returncode is not None else "; it has not exited even after SIGKILL (stuck in the driver?)"
    if got.how == "timeout":
        return ProbeResult(argv, "timeout", problem=f"{cmd} hung: no answer within {timeout:g} s (killed{stuck})")
    if got.how == "stream-open":
        return ProbeResult(
            argv,
            "timeout",
            returncode=got.exit_code,
            problem=(
                f"{cmd} exited (code {got.exit_code}) but its output stream stayed open — a process "
                "it started still held it, so the output may be incomplete (its process group was killed)"
            ),
        )
    if got.how == "overflow":
        cap = MAX_STDOUT_BYTES if got.stream == "stdout" else MAX_STDERR_BYTES
        return ProbeResult(
            argv,
            "garbage",
            problem=(
                f"{cmd} printed more than {_mib(cap)} on {got.stream} (a real `npu-smi info` prints a few KB): "
                f"not an npu-smi table; stopped reading and killed it{stuck}"
            ),
        )
    text = got.stdout.decode("utf-8", errors="replace")
    code = got.exit_code if got.exit_code is not None else proc.returncode
    if code != 0:
        detail = (got.stderr.decode("utf-8", errors="replace").strip() or text.strip()).splitlines()
        tail = f": {detail[-1][:160]}" if detail else ""
        return ProbeResult(argv, "failed", text, code, f"{cmd} failed with exit code {code}{tail}")
    return ProbeResult(argv, "ok", text, 0)
