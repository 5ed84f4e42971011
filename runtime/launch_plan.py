"""Glue between a profile and the runtime: the plan to check, the compression job, the command.

Kept out of headless.py so the TUI's launch screen can reuse the same steps.
"""

from __future__ import annotations

from runtime.commands import ServeCommand, docker_command, native_command, render_flags, serve_env


def profile_with_overrides(name_or_path: str, serve: dict, env: dict[str, str], model: str | None = None):
    """The profile with command-line overrides applied. The model (`--model`, or a `model` key
    that came through `--set`) replaces the profile's `model` field itself: as a serve option it
    would only add a second, ignored `--model` flag and the plan would check the old weights."""
    from wizard.findings import InputError
    from wizard.profile import load_profile

    profile = load_profile(name_or_path)
    serve = dict(serve)
    if "model" in serve:
        from_set = serve.pop("model")
        if model is None:
            model = from_set if isinstance(from_set, str) else None
            if model is None or not model.strip():
                raise InputError(f"--set model={from_set!r}: give a weights folder or a hub id")
    if serve:
        profile = profile.with_overrides(serve)
    update: dict = {}
    if env:
        update["env"] = {**profile.env, **env}
    if model is not None:
        update["model"] = model.strip()
    return profile.model_copy(update=update) if update else profile


def resolve_host(spec: str | None, timeout: float = 15.0):
    """`--host` (sim:… or file) when given, else this machine (detection, npu-smi limited to
    `timeout` seconds)."""
    from wizard.findings import InputError

    if spec:
        from wizard.host.hostfile import load_host

        return load_host(spec)
    try:
        from wizard.detect import detect_host
    except ImportError:
        raise InputError("host detection is not available in this build: pass --host sim:CARD:N or a host file") from None
    return detect_host(timeout=timeout)


def plan_and_check(profile, host, ignore: set[str] | None = None):
    from wizard.assemble import plan_from_profile
    from wizard.check import check_plan

    plan = plan_from_profile(profile, host)
    return plan, check_plan(plan, frozenset(ignore or ()))


#: Warnings in `duowiz check` (its severities are a public interface) that a launch cannot
#: survive: duowiz starts the bundled runtime, vLLM 0.18.0, whose argparse rejects a flag it
#: does not have — the server would die at once. `--force` launches anyway (a newer vLLM).
LAUNCH_BLOCKING_CODES = frozenset({"unknown-flag"})


def launch_blockers(report) -> list:
    """What refuses a real launch: every error, plus the warnings a started server cannot survive."""
    return [f for f in report.findings if f.severity.value == "error" or f.code in LAUNCH_BLOCKING_CODES]


def render_report(report) -> str:
    try:
        from wizard.report.text import render
    except ImportError:
        from runtime.report_text import render_findings

        body = render_findings(report.findings) or "no findings"
        return f"{body}\nverdict: {report.verdict}"
    return render(report)


def needs_sharded_weights(plan) -> bool:
    return str(plan.options.load_format).replace("-", "_") == "sharded_state"


def compression_job(profile, plan, script: str | None, log_dir=None):
    """A planned CompressJob when the profile serves W8A8SC made from `compress_from`; None when
    nothing is to be compressed. The job says `reuse` when verified weights already exist."""
    if not profile.compress_from or not needs_sharded_weights(plan) or not plan.options.model:
        return None
    from runtime.compress_plan import plan_compression

    return plan_compression(profile.compress_from, plan.options.model, plan.options.tensor_parallel_size,
                            script=script, devices=list(plan.chip_ids) or None)


def serve_command(plan, runtime: str, vllm_bin: str | None, image: str | None, name: str,
                  vllm_fallback: str | None = None) -> ServeCommand:
    if runtime == "docker":
        return docker_command(plan, image, name=f"duowiz-{_slug(name)}")
    if vllm_fallback:
        model = plan.launch.model or plan.options.model
        return ServeCommand([vllm_fallback, "serve", model, *render_flags(plan)], serve_env(plan))
    argv, env = native_command(plan, vllm_bin)
    return ServeCommand(argv, env)


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name)[:60] or "vllm"
