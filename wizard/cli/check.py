"""`duowiz check`: pre-flight a profile, a command line, a script/compose/k8s file or a vLLM YAML.

stdout carries the report only (text, json or github); problems with the input go to stderr as
one line with exit code 2. Exit 0: no errors; 1: errors (or warnings with --strict).
"""

from __future__ import annotations

import argparse
import sys

from wizard.cli.argtypes import host_spec, timeout_seconds
from wizard.findings import InputError


def add_arguments(p: argparse.ArgumentParser) -> None:
    src = p.add_argument_group("what to check (one of)")
    src.add_argument("--profile", metavar="NAME|FILE", help="a shipped profile name or a profile YAML")
    src.add_argument("--command-file", metavar="FILE", help="a shell script, docker-compose, k8s, CI YAML, Dockerfile or systemd unit holding the launch (- = stdin)")
    src.add_argument("--vllm-config", metavar="FILE", help="a `vllm serve --config` YAML file")
    src.add_argument("command", nargs="*", help="after `--`: vllm serve MODEL … | docker run … IMAGE vllm serve …")
    p.add_argument("--server", type=int, default=1, metavar="N", help="with --command-file: which of its servers to check (default 1)")
    p.add_argument("--host", metavar="SPEC", type=host_spec, help="sim:CARD:N (e.g. sim:300i-duo-96g:2) or a host file; default: this machine")
    p.add_argument("--env", action="append", default=[], metavar="K=V", help="environment of the serving process (repeatable)")
    p.add_argument("--release", metavar="X", help="vllm-ascend release to check against (e.g. v0.18.0)")
    p.add_argument("--json", action="store_true", help="machine-readable output (same as --format json)")
    p.add_argument("--format", choices=["text", "json", "github"], default="text")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("--ignore", action="append", default=[], metavar="CODE", help="drop findings with this code (repeatable, or comma-separated)")
    p.add_argument("--timeout", type=timeout_seconds, default=15.0, help="npu-smi timeout in seconds when detecting this machine")
    p.add_argument("--save-profile", metavar="FILE", help="write the checked launch as a profile YAML")


def parse_env(pairs: list[str]) -> dict[str, str]:
    env = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"--env expects K=V, got {pair!r}")
        env[key] = value
    return env


def read_launch(args):
    """(LaunchSpec, profile or None) from whichever input was given."""
    from wizard.launch import reader

    given = [x for x in (args.profile, args.command_file, args.vllm_config) if x] + ([1] if args.command and not args.vllm_config else [])
    if len(given) > 1:
        raise InputError("give one input: --profile, --command-file, --vllm-config or `-- vllm serve …`")
    if args.profile:
        from wizard.profile import load_profile

        profile = load_profile(args.profile)
        return profile.to_launch_spec(), profile
    if args.command_file:
        specs = reader.read_all_specs(args.command_file)
        if not 1 <= args.server <= len(specs):
            raise InputError(f"--server {args.server}: {args.command_file} starts {len(specs)} server(s)")
        chosen = specs[args.server - 1]
        chosen.path = str(args.command_file)
        chosen.notes = list(chosen.notes) + [
            f"also starts: {s.name or s.model or '?'} (check it with --server {i + 1})"
            for i, s in enumerate(specs)
            if s is not chosen
        ]
        return chosen, None
    if args.vllm_config:
        return reader.read_vllm_config(args.vllm_config, args.command or None), None
    if args.command:
        return reader.read_command_line(list(args.command)), None
    raise InputError("nothing to check: give --profile NAME, --command-file F, --vllm-config F or `-- vllm serve MODEL …`")


def resolve_host(spec: str | None, timeout: float):
    if spec is not None and not spec.strip():
        raise InputError("--host is empty: give sim:CARD:N or a host file, or leave it out to check this machine")
    if spec:
        from wizard.host.hostfile import load_host

        return load_host(spec), False
    from wizard.detect import detect_host

    return detect_host(timeout=timeout), True


def build_checked_plan(args):
    """Shared by check and the headless mode: inputs → Plan (no rules run yet)."""
    from wizard.assemble import build_plan, plan_from_profile, process_env

    launch, profile = read_launch(args)
    host_spec = args.host or (profile.host if profile else None)
    host, live = resolve_host(host_spec, args.timeout)
    env = {**process_env(), **parse_env(args.env)}
    if profile:
        plan = plan_from_profile(profile, host, env=env, release=args.release)
    else:
        plan = build_plan(launch, host, env=env, release=args.release)
    plan.other_servers = [n for n in launch.notes if n.startswith("also starts:")]
    if live:
        plan.port_bound = _port_bound(plan.options.host or "0.0.0.0", plan.options.port)
    return plan, launch


def _port_bound(host: str, port: int) -> bool | None:
    try:
        from runtime.ports import port_in_use
    except ImportError:
        return None
    return port_in_use(host, port)


def run(args) -> int:
    from wizard.check import check_plan, parse_ignored_codes
    from wizard.report import render

    plan, launch = build_checked_plan(args)
    ignore = parse_ignored_codes(args.ignore)
    report = check_plan(plan, ignore=ignore)
    if args.json and args.format not in ("text", "json"):
        raise InputError(f"--json and --format {args.format} contradict each other: give one")
    fmt = "json" if args.json else args.format
    print(render(report, fmt))
    if args.save_profile:
        from wizard.profile_writer import dropped_secrets, save_profile

        path = save_profile(launch, args.save_profile)
        print(f"duowiz: profile written to {path}", file=sys.stderr)
        left_out = dropped_secrets(launch)
        if left_out:
            print(f"duowiz: not saved (secrets stay out of profiles): {', '.join(left_out)}; "
                  "set VLLM_API_KEY in the serving environment instead", file=sys.stderr)
    return report.exit_code(args.strict)
