"""What the review screen shows and writes: the exact serve command(s) and the profile file.

Plain Python, no Textual. The command text comes from the runtime's own renderer
(`runtime.launch_plan` / `runtime.commands`) when that package is present, so what the wizard
shows is exactly what `duowiz --profile` would run; without the runtime a local rendering of
the same flags is used and the docker line is left out. API keys are masked in every line.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from wizard.findings import InputError

#: the executable name shown in the copyable line (the real path is resolved at launch time)
VLLM_EXE = "vllm"


@dataclass
class CommandLines:
    serve: str
    docker: str | None = None
    #: why there is no docker line, or remarks about it (device numbering, published port)
    notes: list[str] = field(default_factory=list)


def command_lines(plan, profile_name: str) -> CommandLines:
    """The `vllm serve` line (with its environment) and, when an image is known, `docker run`."""
    try:
        from runtime.commands import shell_line
        from runtime.launch_plan import serve_command
    except ImportError:
        return CommandLines(_fallback_serve_line(plan), None, ["docker command: the runtime package is not installed"])
    native = serve_command(plan, "native", None, None, profile_name, vllm_fallback=VLLM_EXE)
    lines = CommandLines(shell_line(native.argv, native.env))
    try:
        docker = serve_command(plan, "docker", None, None, profile_name)
    except InputError as exc:
        lines.notes.append(f"docker command: {exc}")
    else:
        lines.docker = shell_line(docker.argv, docker.env)
        lines.notes.extend(docker.notes)
    return lines


def _fallback_serve_line(plan) -> str:
    """`vllm serve MODEL <flags as written>` without the runtime's renderer (keys masked)."""
    argv = [VLLM_EXE, "serve", plan.launch.model or plan.options.model or "MODEL"]
    for use in plan.launch.flags:
        value = "***" if use.dest == "api_key" else use.value
        if value is None:
            argv.append(use.spelling)
        elif value.startswith("-"):
            argv.append(f"{use.spelling}={value}")
        else:
            argv += [use.spelling, value]
    env = {k: v for k, v in plan.launch.env.items()}
    if plan.chip_ids:
        env["ASCEND_RT_VISIBLE_DEVICES"] = ",".join(str(i) for i in sorted(plan.chip_ids))
    prefix = " ".join(f"{k}={shlex.quote('***' if _secret(k) else v)}" for k, v in env.items())
    line = " ".join(shlex.quote(t) for t in argv)
    return f"{prefix} {line}" if prefix else line


def _secret(name: str) -> bool:
    from wizard.secrets import is_secret_name

    return is_secret_name(name)


def profile_document(profile) -> dict:
    """The profile as a YAML-ready mapping, secrets dropped, empty fields left out."""
    data = profile.model_dump(exclude_none=True)
    data["serve"] = {k: v for k, v in data.get("serve", {}).items() if k != "api_key"}
    data["env"] = {k: v for k, v in data.get("env", {}).items() if not _secret(k)}
    return {k: v for k, v in data.items() if v not in ({}, "")}


def save_profile_file(profile, target: str | os.PathLike) -> Path:
    """Write the whole profile (compress_from, release, graph_limit included — which a LaunchSpec
    alone cannot carry) to a temp file beside `target`, then rename: never half a profile."""
    import yaml

    from wizard.atomic_write import write_text_atomic

    path = Path(target).expanduser()
    if path.suffix not in (".yaml", ".yml"):
        raise InputError(f"profile file {path} must end in .yaml or .yml")
    data = profile_document(profile.model_copy(update={"name": path.stem}))
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return write_text_atomic(path, text, what="profile", make_parents=True)
