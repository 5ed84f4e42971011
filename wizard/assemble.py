"""Assemble a Plan from its inputs: launch spec + host (+ env, release, profile overrides).

This is the only place that reads the weights folder and config.json for a check; rules then
work on the finished Plan. Order matters: facts first, then the chips the plan will use, then
the estimate (which needs both).
"""

from __future__ import annotations

import os
from pathlib import Path

from wizard.estimate.memory import estimate_memory
from wizard.facts.model import ModelFacts, WeightsFacts
from wizard.host.model import HostDescription
from wizard.launch.options import serve_options
from wizard.launch.spec import LaunchSpec
from wizard.plan import AssumedRelease, Plan

#: What `vllm serve` serves when no model is named (vLLM 0.18.0's --model default).
VLLM_DEFAULT_MODEL = "Qwen/Qwen3-0.6B"

#: Process environment variables that change how the server behaves.
ENV_PREFIXES = ("ASCEND_", "VLLM_", "HCCL_", "PYTORCH_NPU_", "TASK_QUEUE_")


def process_env() -> dict[str, str]:
    """The serving-relevant part of this process's environment (check runs where serve will)."""
    return {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIXES)}


def is_local_folder(model: str) -> bool:
    """True when `model` names a folder on this machine. Any error probing it (a name too long
    for a path, a permission-denied parent, a NUL byte) means it is not one: a hub id, then."""
    try:
        return os.path.isdir(model)
    except (OSError, ValueError):
        return False


def model_facts(model: str | None) -> tuple[ModelFacts | None, str | None]:
    """config.json in the local folder, else the built-in catalog, else None."""
    from wizard.facts.catalog import lookup_catalog
    from wizard.facts.config import read_config

    if not model:
        return None, None
    if is_local_folder(model):
        facts, problem = read_config(Path(model))
        if facts is not None:
            return facts, None
        fallback = lookup_catalog(model)
        return fallback, problem
    return lookup_catalog(model), None


def is_literal_container(launch: LaunchSpec) -> bool:
    """A docker/compose/k8s line as the user wrote it. A profile with `runtime: docker` is not:
    duowiz writes its `docker run` itself, with the chosen chips' devices and the right bind."""
    return launch.docker and not launch.source.startswith("profile")


def davinci_ids(launch: LaunchSpec) -> list[int]:
    """N of every `--device /dev/davinciN` the line passes (the control devices excluded)."""
    import re

    return sorted({int(m.group(1)) for d in launch.devices if (m := re.fullmatch(r"/dev/davinci(\d+)", d))})


def docker_device_pool(launch: LaunchSpec, host: HostDescription) -> list[int] | None:
    """Host logic ids a container gets from `--device /dev/davinciN` (N taken as the logic id:
    physical and logic ids agree on the captures we have). None when not knowable."""
    if not is_literal_container(launch) or launch.privileged or any("$" in d for d in launch.devices):
        return None
    if launch.source == "dockerfile" or not launch.devices_known:
        return None  # devices come with the `docker run` that starts the image, not the Dockerfile
    npus = [v for k, v in (launch.resources or {}).items() if "ascend" in k.lower()]
    if npus:  # Kubernetes: the device plugin hands out N chips (which ones is its choice)
        try:
            count = sum(int(v) for v in npus)
        except ValueError:
            return None
        return [c.logic_id for c in host.chips][:count]
    if launch.source == "k8s":
        return None
    if mounts_all_devices(launch):
        return None  # `-v /dev:/dev`: every node is there; which chips is up to the line's env
    runtime_ids = ascend_runtime_ids(launch)
    if runtime_ids is not None:  # Huawei's Ascend Docker Runtime adds these chips' devices itself
        return [i for i in runtime_ids if host.chip(i) is not None]
    return [i for i in davinci_ids(launch) if host.chip(i) is not None]


def mounts_all_devices(launch: LaunchSpec) -> bool:
    """`-v /dev:/dev` (with a device cgroup rule): the container sees every device node."""
    return any(v.split(":")[:2] == ["/dev", "/dev"] for v in launch.volumes)


def ascend_runtime_ids(launch: LaunchSpec) -> list[int] | None:
    """Chip ids from ASCEND_VISIBLE_DEVICES (`0,1`, `0-3`), the Ascend Docker Runtime's way of
    giving a container chips instead of --device; None when it is not set or not literal."""
    import re

    value = launch.env.get("ASCEND_VISIBLE_DEVICES")
    if value is None or not re.fullmatch(r"\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*", value):
        return None
    ids: set[int] = set()
    for part in value.split(","):
        low, _, high = part.partition("-")
        first, last = int(low), int(high or low)
        ids.update(range(first, min(last, first + 64) + 1))
    return sorted(ids)


def choose_chips(host: HostDescription, env: dict[str, str], count: int, pool: list[int] | None = None) -> list[int]:
    """Host logic ids the plan runs on: ASCEND_RT_VISIBLE_DEVICES order if set, else host order.
    In a container (`pool`), visible ids index the container's renumbered devices."""
    available = pool if pool is not None else [c.logic_id for c in host.chips]
    visible = env.get("ASCEND_RT_VISIBLE_DEVICES")
    if visible and "$" not in visible:
        ids = [int(p.strip()) for p in visible.split(",") if p.strip().isdigit()]
        if pool is not None:
            ids = [pool[i] for i in ids if i < len(pool)]
        return ids[:count]
    return available[:count]


def build_plan(
    launch: LaunchSpec,
    host: HostDescription,
    env: dict[str, str] | None = None,
    release: str | None = None,
    graph_limit: int | None = None,
) -> Plan:
    options = serve_options(launch)
    model_defaulted = not options.model
    if model_defaulted:
        options.model = VLLM_DEFAULT_MODEL
    # `env -i …` / `sudo` without -E start vLLM with only what the line itself sets
    merged_env = dict(launch.env) if launch.env_reset else {**host.env, **(env or {}), **launch.env}
    facts, config_problem = model_facts(options.model)
    from wizard.facts.weights import scan_weights

    weights = scan_weights(options.model) if options.model else WeightsFacts(origin="no model given")
    if config_problem and not weights.config_error:
        weights.config_error = config_problem
    plan = Plan(
        launch=launch,
        options=options,
        host=host,
        weights=weights,
        model=facts,
        release=_resolve_release(host, launch, release),
        env=merged_env,
        graph_limit_override=graph_limit,
        model_defaulted=model_defaulted,
    )
    plan.device_pool = docker_device_pool(launch, host)
    plan.chip_ids = choose_chips(host, merged_env, max(1, options.parallel_chips), plan.device_pool)
    plan.estimate = _estimate(plan)
    return plan


def plan_from_profile(profile, host: HostDescription, env: dict[str, str] | None = None, release: str | None = None) -> Plan:
    """The Plan of a profile: its launch, release, graph limit and compression source.

    The one place that turns a Profile into a Plan (check, headless and the TUI all call it).
    """
    plan = build_plan(
        profile.to_launch_spec(),
        host,
        env=process_env() if env is None else env,
        release=release or profile.release,
        graph_limit=profile.graph_limit,
    )
    plan.compress_from = profile.compress_from
    return plan


def effective_max_model_len(plan: Plan) -> int | None:
    """--max-model-len, else the model's default context that vLLM would take
    (max_position_embeddings, × the rope scaling factor where vLLM applies it)."""
    if plan.options.max_model_len:
        return plan.options.max_model_len
    if plan.launch.has("max_model_len"):
        return None  # given but unusable: invalid-flag-value says so; guessing would mislead
    if plan.model and plan.model.max_context:
        return plan.model.max_context  # vLLM derives it like this: × the rope factor for YaRN
    return None


def _estimate(plan: Plan):
    L = effective_max_model_len(plan)
    if plan.model is None or L is None or not plan.chips:
        return None
    return estimate_memory(plan.model, plan.weights, plan.options, plan.chips, L)


def _resolve_release(host: HostDescription, launch: LaunchSpec, release: str | None):
    try:
        from wizard.releases import resolve_release
    except ImportError:
        return AssumedRelease()
    return resolve_release(host, launch, release)
