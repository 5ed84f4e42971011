"""`duowiz compress --model W8A8S_DIR --tp N --output DIR [--script PATH] [--processes K]`.

Compress W8A8S weights into W8A8SC for one TP size with vllm-ascend's own script, checking
resources first and verifying the result (runtime.compress). Exit 0 only when the output was
verified (or a verified output already existed); 2 on unusable input (a missing or non-W8A8S
source, an output that exists or that msmodelslim would reject, a bad --tp / --script / --python /
--log-dir); 1 when this machine refuses the run (no msmodelslim, no script found, too little disk
or RAM) or the compression failed; 130 when interrupted (temp folder removed, source untouched).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_LOG_DIR = Path.home() / ".cache" / "duowiz" / "logs"

#: refusals caused by the arguments themselves (exit 2); the others are this machine (exit 1)
INPUT_ERROR_CODES = frozenset({
    "compress-bad-input", "compress-source-missing", "compress-source-not-w8a8s",
    "compress-output-exists", "compress-output-path-invalid",
})


def refusal_exit_code(job, script_given: bool) -> int:
    """2 when any refusal is the arguments' fault (bad input), else 1 (this machine refuses)."""
    codes = {f.code for f in job.errors}
    if script_given:
        codes = {"compress-bad-input" if c == "compress-script-missing" else c for c in codes}
    return 2 if codes & INPUT_ERROR_CODES else 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, help="W8A8S weights folder (read only)")
    parser.add_argument("--tp", type=int, required=True, help="tensor-parallel size you will serve with")
    parser.add_argument("--output", required=True, help="W8A8SC output folder (created; only [_A-Za-z0-9/.-])")
    parser.add_argument("--script", help="path to save_sharded_state_310.py (default: from the installed vllm-ascend)")
    parser.add_argument("--processes", type=int, help="--compress-process-num (default: chosen from cores and RAM)")
    parser.add_argument("--devices", help="logic ids for the compression run, e.g. 0,1,2,3 (default: inherited)")
    parser.add_argument("--python", help="interpreter that runs the script (default: this one)")
    parser.add_argument("--log-dir", type=Path, default=DEFAULT_LOG_DIR, help="where the run's log is kept")
    parser.add_argument("--dry-run", action="store_true", help="check and print the command, run nothing")


def parse_devices(text: str | None) -> list[int] | None:
    from wizard.findings import InputError

    if not text:
        return None
    try:
        return sorted(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise InputError(f"--devices {text!r}: expected comma-separated logic ids like 0,1") from None


def run(args: argparse.Namespace) -> int:
    from runtime.argcheck import executable_path, log_folder
    from runtime.commands import shell_line
    from runtime.compress import run_compression
    from runtime.compress_plan import plan_compression
    from runtime.report_text import render_findings

    if args.processes is not None and args.processes < 1:
        print("duowiz: --processes must be ≥ 1", file=sys.stderr)
        return 2
    if args.python is not None:
        args.python = executable_path("--python", args.python)
    args.log_dir = log_folder("--log-dir", args.log_dir)
    job = plan_compression(args.model, args.output, args.tp, script=args.script, processes=args.processes,
                           devices=parse_devices(args.devices), python=args.python)
    if job.findings:
        print(render_findings(job.findings))
    if job.reuse:
        return 0
    if job.errors:
        print(f"duowiz: compression refused ({len(job.errors)} error(s)); nothing was written", file=sys.stderr)
        return refusal_exit_code(job, script_given=bool(args.script))
    if args.dry_run:
        print(shell_line(job.argv(), job.env()))
        print(f"# then verify {job.tmp_dir} and rename it to {job.output}")
        return 0
    from runtime.signals import sigterm_as_interrupt

    try:
        with sigterm_as_interrupt():
            result = run_compression(job, args.log_dir)
    except KeyboardInterrupt:
        print("duowiz: interrupted", file=sys.stderr)
        return 130
    if not result.ok:
        print(render_findings(result.findings))
        return 1
    return 0
