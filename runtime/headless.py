"""`duowiz --profile NAME|FILE`: check, compress if needed, launch, prove it serves.

The same every time on every machine of a fleet: the profile is checked against this host
(or `--host`, which only changes what the plan is validated against — the launch always
happens here); errors refuse unless `--force`; W8A8SC weights missing for the plan's TP are
compressed from the profile's `compress_from`; then the server is started and supervised.
`--dry-run` prints the exact commands and environment and starts nothing — always, even when
a real run would refuse; then it lists what a real run would refuse on and exits 1.
Exit codes: 0 ok, 1 refused or failed (or a dry run that would be refused), 2 bad input,
130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from runtime.overrides import add_override_arguments, collect_overrides
from wizard.cli.argtypes import host_spec

DEFAULT_LOG_DIR = Path.home() / ".cache" / "duowiz" / "logs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", required=True, metavar="NAME|FILE", help="shipped profile name or a YAML file")
    parser.add_argument("--host", type=host_spec, help="check against this host (sim:CARD:N or a host file) instead of detecting it")
    parser.add_argument("--dry-run", action="store_true", help="print the exact commands and environment; run nothing")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask before compressing or launching")
    parser.add_argument("--force", action="store_true", help="launch even when the check reports errors")
    parser.add_argument("--vllm-bin", help="the vllm executable to run (default: beside this Python, else PATH)")
    parser.add_argument("--runtime", choices=["native", "docker"], help="override the profile's runtime")
    parser.add_argument("--release", metavar="X", help="vllm-ascend release to check against (e.g. v0.18.0), as in `duowiz check`")
    parser.add_argument("--image", help="container image for --runtime docker (default: the profile's)")
    parser.add_argument("--script", help="save_sharded_state_310.py for compression (default: installed vllm-ascend)")
    parser.add_argument("--ignore", action="append", default=[], metavar="CODE", help="drop findings with this code (repeatable, or comma-separated)")
    parser.add_argument("--log-dir", type=Path, default=DEFAULT_LOG_DIR, help="where server/compression logs go")
    parser.add_argument("--ready-timeout", type=float, default=1800.0, help="seconds to wait for /health")
    parser.add_argument("--models-timeout", type=float, default=60.0, help="seconds to wait for /v1/models")
    parser.add_argument("--smoke-timeout", type=float, default=180.0, help="seconds for the test completion")
    parser.add_argument("--timeout", type=float, default=15.0,
                        help="npu-smi timeout in seconds when detecting this machine (at most 600)")
    add_override_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from runtime.signals import sigterm_as_interrupt
    from wizard.findings import InputError

    try:
        with sigterm_as_interrupt():
            return _run(args)
    except InputError as exc:
        print(f"duowiz: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("duowiz: interrupted; everything duowiz started has been stopped", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    from runtime import launch_plan as lp
    from runtime.argcheck import validate_headless_args
    from runtime.overrides import model_override
    from wizard.check import parse_ignored_codes

    validate_headless_args(args)
    serve, env = collect_overrides(args)
    profile = lp.profile_with_overrides(args.profile, serve, env, model=model_override(args))
    if getattr(args, "release", None):
        profile = profile.model_copy(update={"release": args.release})
    runtime = args.runtime or profile.runtime
    host = lp.resolve_host(args.host or profile.host, timeout=getattr(args, "timeout", 15.0))
    ignore = parse_ignored_codes(args.ignore)
    plan, report = lp.plan_and_check(profile, host, ignore)
    _say(lp.render_report(report))
    job = lp.compression_job(profile, plan, args.script, args.log_dir)
    blockers = len(lp.launch_blockers(report))
    if args.dry_run:
        return _dry_run(args, plan, runtime, job, profile.name, report)
    if blockers:
        if not args.force:
            _say(f"duowiz: refused: the check found {_blocking(report)}; fix them or pass --force")
            return 1
        _say(f"duowiz: WARNING --force: launching despite {_blocking(report)} the check reported")

    if args.host:
        _say(f"duowiz: note: the plan was checked against {host.source}, not against this machine's chips; "
             "the server starts here (drop --host to check this machine)")

    from runtime.ports import port_finding
    from runtime.report_text import render_findings

    clash = port_finding(plan.options.host, plan.options.port)
    if clash:
        _say(render_findings([clash]))
        return 1
    if job is not None and not job.reuse:
        if not _confirm(args, f"compress {job.source} into {job.output} for TP{job.tp}"):
            return 1
        from runtime.compress import run_compression

        result = run_compression(job, args.log_dir)
        if not result.ok:
            _say(render_findings(result.findings))
            return 1
        plan, report = lp.plan_and_check(profile, host, ignore)  # weights exist now: check again
        if lp.launch_blockers(report) and not args.force:
            _say(lp.render_report(report))
            _say("duowiz: refused after compression: the check found errors in the new weights")
            return 1
    command = lp.serve_command(plan, runtime, args.vllm_bin, args.image, profile.name)
    if not _confirm(args, "start the server"):
        return 1
    return _launch(args, plan, command, profile.name)


def _blocking(report) -> str:
    """'2 error(s)', or '1 error(s) and 1 unknown flag(s) vLLM 0.18.0 would reject'."""
    from runtime.launch_plan import launch_blockers

    flags = len(launch_blockers(report)) - len(report.errors)  # the blocking warnings
    parts = [f"{len(report.errors)} error(s)"] if report.errors or not flags else []
    if flags:
        parts.append(f"{flags} unknown flag(s) vLLM 0.18.0 would reject")
    return " and ".join(parts)


def _dry_run(args, plan, runtime: str, job, profile_name: str, report) -> int:
    """Print every command a real run would execute, and everything it would refuse on (the
    check's errors unless --force, a busy port, a compression that cannot run). Exit 1 when a
    real run would refuse, so scripts notice — but the commands are printed regardless."""
    from runtime import launch_plan as lp
    from runtime.commands import mask_env, shell_line
    from runtime.ports import port_finding
    from runtime.report_text import render_findings
    from wizard.findings import InputError

    refusals: list[str] = []  # why a real run would refuse, one phrase per cause
    refused = 0  # how many error findings those causes are
    check_errors = len(lp.launch_blockers(report))
    if check_errors:
        if args.force:
            _say(f"duowiz: WARNING --force: a real run would launch despite {_blocking(report)} the check reported")
        else:
            refusals.append(f"{_blocking(report)} from the check (fix them or pass --force)")
            refused += check_errors
    clash = port_finding(plan.options.host, plan.options.port)  # read-only: bind, then close
    if clash:
        _say(render_findings([clash]))
        refusals.append(f"port {plan.options.port} is not free")
        refused += 1
    _say("\n# dry run: nothing is started")
    if job is not None:
        if job.reuse:
            _say(f"# compression: {job.output} already verified for TP{job.tp}, reused")
        else:
            _say(f"# compression ({job.source} → {job.output}, TP{job.tp}), then verify and rename:")
            _say(shell_line(job.argv(), job.env()))
            if job.errors:
                _say("# on this machine the compression would be refused:")
                _say(render_findings(job.errors))
                refusals.append(f"{len(job.errors)} compression error(s)")
                refused += len(job.errors)
    try:
        command = lp.serve_command(plan, runtime, args.vllm_bin, args.image, profile_name)
    except InputError as exc:
        if runtime != "native" or args.vllm_bin:
            raise
        command = lp.serve_command(plan, runtime, None, args.image, profile_name, vllm_fallback="vllm")
        command.notes.append(f"{exc}")
    for note in command.notes:
        _say(f"# note: {note}")
    _say("# environment added to this shell's:")
    for key, value in mask_env(command.env).items():
        _say(f"#   {key}={value}")
    _say("# serve:")
    _say(shell_line(command.argv, command.env))
    if refusals:
        _say(f"duowiz: a real run would refuse: {refused} error(s) — {'; '.join(refusals)}")
        return 1
    return 0


def _launch(args, plan, command, profile_name: str) -> int:
    from runtime.commands import shell_line
    from runtime.report_text import render_findings
    from runtime.supervisor import Supervisor, Timeouts

    log_path = args.log_dir / f"serve-{profile_name}-{time.strftime('%Y%m%d-%H%M%S')}.log"
    base_url = _base_url(plan)
    api_key = plan.options.api_key or plan.env.get("VLLM_API_KEY")
    for note in command.notes:
        _say(f"duowiz: note: {note}")
    _say(f"duowiz: starting: {shell_line(command.argv, command.env)}")
    _say(f"duowiz: log: {log_path}")
    timeouts = Timeouts(health=args.ready_timeout, models=args.models_timeout, smoke=args.smoke_timeout)
    supervisor = Supervisor(command.argv, command.env, base_url, log_path, api_key=api_key, timeouts=timeouts,
                            container_name=command.container_name)
    supervisor.start()
    try:
        outcome = supervisor.wait_ready()
        if not outcome.ok:
            _say(render_findings(outcome.findings))
            _say(f"duowiz: the server did not become ready ({outcome.state}); full log: {outcome.log_path}")
            return 1
        _say(f"\nduowiz: READY — serving {outcome.model_id!r} at {base_url}/v1 (test completion: {outcome.completion!r})")
        _say(f"duowiz: try it:\n  {supervisor.curl_line(outcome.model_id)}")
        _say("duowiz: Ctrl-C stops the server.")
        code = supervisor.wait()
    finally:
        supervisor.stop()
    from runtime.logmap import findings_from_log

    findings = findings_from_log(log_path)
    _say(render_findings(findings) if findings else f"duowiz: the server exited with code {code}; log: {log_path}")
    return 0 if code == 0 and not findings else 1


def _base_url(plan) -> str:
    host = plan.options.host or "127.0.0.1"
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    if host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{plan.options.port}"


def _confirm(args, what: str) -> bool:
    if args.yes or not sys.stdin.isatty():
        return True
    try:
        answer = input(f"duowiz: {what}? [Y/n] ").strip().lower()
    except EOFError:
        return False
    return answer in ("", "y", "yes")


def _say(text: str) -> None:
    print(text, flush=True)
