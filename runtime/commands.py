"""argv + environment for serving a checked Plan: natively (`vllm serve`) or in docker.

The flags are rendered from `plan.launch.flags` exactly as the profile or command line wrote
them (spelling and value), so a seed profile reproduces the seed tutorial's command flag for
flag. Only the device selection is ours: `ASCEND_RT_VISIBLE_DEVICES` = the plan's chosen logic
ids, ascending (310p-facts.md §1), and for docker the matching `/dev/davinciN` nodes.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from wizard.findings import InputError
from wizard.secrets import is_secret_name

#: device nodes and mounts the 310P container needs besides the chips (seed tutorial docker run)
DOCKER_CONTROL_DEVICES = ("/dev/davinci_manager", "/dev/devmm_svm", "/dev/hisi_hdc")
DOCKER_DRIVER_MOUNTS = (
    "/usr/local/dcmi:/usr/local/dcmi",
    "/usr/local/bin/npu-smi:/usr/local/bin/npu-smi",
    "/usr/local/Ascend/driver/lib64/:/usr/local/Ascend/driver/lib64/",
    "/usr/local/Ascend/driver/version.info:/usr/local/Ascend/driver/version.info",
    "/etc/ascend_install.info:/etc/ascend_install.info",
)
DOCKER_SHM_SIZE = "10g"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SECRET_FLAGS = {"--api-key", "--api_key"}



@dataclass
class ServeCommand:
    """What will run: argv, the environment we add, and remarks worth printing."""

    argv: list[str]
    env: dict[str, str]
    runtime: str = "native"
    notes: list[str] = field(default_factory=list)
    container_name: str | None = None


def render_flags(plan) -> list[str]:
    """The plan's flags as written; `--flag=value` only where the value itself starts with '-'."""
    return _render(plan.launch.flags)


def _render(uses) -> list[str]:
    out: list[str] = []
    for use in uses:
        if use.value is None:
            out.append(use.spelling)
        elif use.value.startswith("-"):
            out.append(f"{use.spelling}={use.value}")
        else:
            out.extend([use.spelling, use.value])
    return out


def visible_devices(plan) -> str:
    """Comma list of the chosen logic ids, ascending (what ASCEND_RT_VISIBLE_DEVICES takes)."""
    return ",".join(str(i) for i in sorted(plan.chip_ids))


def serve_env(plan) -> dict[str, str]:
    """The serving environment we set on top of the caller's: the launch's own env + devices."""
    env = dict(plan.launch.env)
    if plan.chip_ids:
        env["ASCEND_RT_VISIBLE_DEVICES"] = visible_devices(plan)
    return env


def find_vllm(vllm_bin: str | None = None) -> str:
    """`--vllm-bin` if given, else the `vllm` script beside this interpreter, else the first on PATH.

    Beside the interpreter first because `pip install duowiz[npu]` puts the bundled runtime in
    the same environment as duowiz; a `vllm` earlier on PATH may belong to another stack.
    """
    if vllm_bin:
        path = Path(vllm_bin)
        if not path.is_file() or not os.access(path, os.X_OK):
            raise InputError(f"--vllm-bin {vllm_bin}: not an executable file")
        return str(path)
    beside = Path(sys.executable).parent / "vllm"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("vllm")
    if found:
        return found
    raise InputError(
        "no `vllm` executable found (not beside this Python, not on PATH): install the runtime with "
        "`pip install duowiz[npu]`, pass --vllm-bin PATH, or use --runtime docker"
    )


def native_command(plan, vllm_bin: str | None = None) -> tuple[list[str], dict[str, str]]:
    """`vllm serve MODEL <flags as written>` and the environment to add."""
    exe = find_vllm(vllm_bin)
    model = plan.launch.model or plan.options.model
    if not model:
        raise InputError("the plan names no model to serve")
    return [exe, "serve", model, *render_flags(plan)], serve_env(plan)


def device_nodes(plan) -> tuple[list[str], list[str]]:
    """/dev/davinciN for each chosen chip. N is the *physical* id; when detection did not record
    one (sim hosts, old captures) we assume it equals the logic id and say so."""
    nodes, notes = [], []
    physical = (plan.host.extra or {}).get("physical_ids", {}) if plan.host else {}
    for logic_id in sorted(plan.chip_ids):
        chip = plan.host.chip(logic_id) if plan.host else None
        phys = getattr(chip, "physical_id", None)
        if phys is None:
            phys = physical.get(logic_id, physical.get(str(logic_id)))
        if phys is None:
            phys = logic_id
            notes.append(f"/dev/davinci{logic_id}: physical id unknown, assumed equal to logic id {logic_id}")
        nodes.append(f"/dev/davinci{phys}")
    return nodes, notes


def _flags_for_container(plan) -> tuple[list[str], str | None]:
    """Inside the container vLLM must listen on all interfaces for `-p` to reach it; a loopback
    --host from the profile becomes a loopback-only publish (`-p 127.0.0.1:P:P`) instead."""
    flags, bind = [], None
    for use in plan.launch.flags:
        if use.dest == "host":
            bind = use.value
            continue
        flags.append(use)
    return ["--host", "0.0.0.0", *_render(flags)], bind


def docker_command(plan, image: str | None = None, name: str = "duowiz-vllm") -> ServeCommand:
    """The seed tutorial's `docker run`, narrowed to the chosen chips, serving the plan."""
    image = image or plan.launch.image or (plan.host.image if plan.host else None)
    if not image:
        raise InputError("docker runtime needs an image: set `image:` in the profile or pass --image")
    model = plan.launch.model or plan.options.model
    if not model:
        raise InputError("the plan names no model to serve")
    port = plan.options.port
    nodes, notes = device_nodes(plan)
    serve_flags, bind = _flags_for_container(plan)
    publish_ip = "127.0.0.1:" if (bind is None or bind in LOOPBACK) else ("" if bind in ("0.0.0.0", "::") else f"{bind}:")
    if bind in LOOPBACK or bind is None:
        notes.append(f"vLLM listens on 0.0.0.0 inside the container; the port is published on 127.0.0.1:{port} only")
    argv = ["docker", "run", "--rm", "--name", name, f"--shm-size={DOCKER_SHM_SIZE}"]
    for node in [*nodes, *DOCKER_CONTROL_DEVICES]:
        argv += ["--device", node]
    for mount in DOCKER_DRIVER_MOUNTS:
        argv += ["-v", mount]
    if Path(model).is_absolute():
        argv += ["-v", f"{model}:{model}"]
    else:
        argv += ["-v", "/root/.cache:/root/.cache"]  # hub ids download into the container's cache
    argv += ["-p", f"{publish_ip}{port}:{port}"]
    env = serve_env(plan)
    if "ASCEND_RT_VISIBLE_DEVICES" in env:
        # only the chosen chips are passed in, and the container's runtime numbers them from 0
        # (the same model `duowiz check` applies to a docker run line: wizard.assemble.choose_chips)
        env["ASCEND_RT_VISIBLE_DEVICES"] = ",".join(str(i) for i in range(len(nodes)))
        if plan.chip_ids and plan.chip_ids != list(range(len(nodes))):
            notes.append(
                f"host chips {plan.chip_ids} are devices 0..{len(nodes) - 1} inside the container "
                f"(ASCEND_RT_VISIBLE_DEVICES={env['ASCEND_RT_VISIBLE_DEVICES']})"
            )
    for key in sorted(env):
        argv += ["-e", f"{key}={env[key]}"]
    argv += [image, "vllm", "serve", model, *serve_flags]
    return ServeCommand(argv=argv, env={}, runtime="docker", notes=notes, container_name=name)


def mask_argv(argv: list[str]) -> list[str]:
    """Copy of argv with API keys replaced, for anything printed or logged."""
    out, hide_next = [], False
    for token in argv:
        if hide_next:
            out.append("***")
            hide_next = False
            continue
        flag, eq, _ = token.partition("=")
        if flag in SECRET_FLAGS:
            if eq:
                out.append(f"{flag}=***")
            else:
                out.append(token)
                hide_next = True
            continue
        if token.startswith(("VLLM_API_KEY=",)) or (("=" in token) and is_secret_name(token.split("=", 1)[0])):
            out.append(token.split("=", 1)[0] + "=***")
            continue
        out.append(token)
    return out


def mask_env(env: dict[str, str]) -> dict[str, str]:
    return {k: ("***" if is_secret_name(k) else v) for k, v in env.items()}


def shell_line(argv: list[str], env: dict[str, str] | None = None) -> str:
    """A copy-paste line (masked), e.g. `ASCEND_RT_VISIBLE_DEVICES=0,1 vllm serve …`."""
    prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in mask_env(env or {}).items())
    line = " ".join(shlex.quote(t) for t in mask_argv(argv))
    return f"{prefix} {line}" if prefix else line
