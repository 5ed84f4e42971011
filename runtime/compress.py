"""Run `save_sharded_state_310.py` for a planned CompressJob and report only what it observed.

The official script exits 0 and prints success even when a rank failed, so: output goes to a
temp folder beside the target; progress per rank is read from the rank files themselves
(sharded → compressed); the log is grepped for the worker error line; every rank file is
verified (rank_verify); only then is the temp folder renamed into place. Ctrl-C stops the
script's whole process group and removes the temp folder; the source is only ever read.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from runtime import procgroup
from runtime.commands import shell_line
from runtime.compress_plan import CompressJob
from runtime.rank_verify import RANK_FILE, rank_state, verify_w8a8sc
from wizard.findings import Finding, InputError, error

#: lines the script (and msmodelslim) print when a rank failed while the run still "succeeds"
FAILURE_MARKERS = ("Error processing Rank file", "Error from compress function", "Skipping compression",
                   "Error: File not found, failed to compress")


@dataclass
class CompressResult:
    ok: bool
    output: Path
    log_path: Path | None
    findings: list[Finding] = field(default_factory=list)
    reused: bool = False


def run_compression(job: CompressJob, log_dir: Path, console: TextIO | None = None,
                    grace: tuple[float, float] = procgroup.DEFAULT_GRACE, poll: float = 0.5) -> CompressResult:
    console = console if console is not None else sys.stdout
    if job.reuse:
        return CompressResult(True, job.output, None, list(job.findings), reused=True)
    if job.errors:
        return CompressResult(False, job.output, None, list(job.findings))
    log_path = log_dir / f"compress-{job.output.name}-tp{job.tp}-{time.strftime('%Y%m%d-%H%M%S')}.log"
    try:  # before anything runs: an unwritable log folder is bad input, not a failed compression
        log_dir.mkdir(parents=True, exist_ok=True)
        log_path.touch()
    except OSError as exc:
        raise InputError(f"cannot write the compression log {log_path}: {exc.strerror or exc}") from None
    if job.tmp_dir.exists():  # our own leftover from an earlier interrupted run (the name is ours)
        shutil.rmtree(job.tmp_dir, ignore_errors=True)
    argv, env = job.argv(), job.env()
    print(f"duowiz: compressing {job.source} → {job.output} for TP{job.tp} "
          f"({job.process_num} processes per rank); log: {log_path}", file=console, flush=True)
    print(f"duowiz: {shell_line(argv, env)}", file=console, flush=True)
    proc = procgroup.spawn(argv, env={**os.environ, **env})
    lines: list[str] = []
    with log_path.open("w", encoding="utf-8") as log:
        reader = threading.Thread(target=_pump, args=(proc, log, console, lines), daemon=True)
        reader.start()
        try:
            _watch(proc, job, console, poll)
            reader.join(timeout=5.0)
        except BaseException:
            procgroup.stop_group(proc, grace)
            reader.join(timeout=5.0)
            shutil.rmtree(job.tmp_dir, ignore_errors=True)
            print(f"duowiz: compression stopped; removed {job.tmp_dir}; {job.source} untouched", file=console, flush=True)
            raise
    return _conclude(job, proc.returncode, lines, log_path, console)


def _pump(proc, log, console, lines: list[str]) -> None:
    for raw in proc.stdout:
        line = raw.rstrip("\n")
        lines.append(line)
        log.write(line + "\n")
        log.flush()
        try:
            print(f"  | {line}", file=console, flush=True)
        except (OSError, ValueError):
            pass


def _watch(proc, job: CompressJob, console, poll: float) -> None:
    """Per-rank progress from the files in the temp folder until the script exits."""
    shown: dict[int, str] = {}
    while True:
        done = proc.poll() is not None
        if job.tmp_dir.is_dir():
            for path in sorted(job.tmp_dir.iterdir()):
                m = RANK_FILE.match(path.name)
                if not m:
                    continue
                rank, state = int(m.group(1)), rank_state(path)
                if state != "writing" and shown.get(rank) != state:
                    shown[rank] = state
                    word = "sharded state written" if state == "sharded" else "compressed"
                    print(f"duowiz: rank {rank}/{job.tp - 1}: {word}", file=console, flush=True)
        if done:
            return
        time.sleep(poll)


def _conclude(job: CompressJob, returncode: int | None, lines: list[str], log_path: Path, console) -> CompressResult:
    findings: list[Finding] = []
    bad_lines = [ln for ln in lines if any(marker in ln for marker in FAILURE_MARKERS)]
    if returncode != 0:
        findings.append(error("compress-failed", f"{job.script} exited with code {returncode}",
                              evidence="\n".join(lines[-10:]) or "(no output)", fix=f"read the log: {log_path}"))
    if bad_lines:
        findings.append(error("compress-failed", "the compression script reported a failed rank (and still claimed success)",
                              evidence=f"{log_path}: {bad_lines[0][:300]}",
                              fix="check that msmodelslim's compress_excutor is built (bash build.sh $ASCEND_HOME_PATH) "
                                  "and CANN's set_env.sh is sourced, then run again"))
    if not findings:
        check = verify_w8a8sc(job.tmp_dir, job.tp)
        if not check.ok:
            findings.append(error("compress-failed", f"the output did not verify as W8A8SC for TP{job.tp}",
                                  evidence="; ".join(check.problems[:5]), fix=f"read the log: {log_path}"))
    if findings:
        shutil.rmtree(job.tmp_dir, ignore_errors=True)
        return CompressResult(False, job.output, log_path, findings)
    os.rename(job.tmp_dir, job.output)
    print(f"duowiz: verified W8A8SC for TP{job.tp}: ranks 0..{job.tp - 1} → {job.output}", file=console, flush=True)
    return CompressResult(True, job.output, log_path, [])
