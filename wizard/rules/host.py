"""Host and environment rules: chips, visible devices, free memory, triton."""

from __future__ import annotations

from wizard.estimate.constants import IDLE_USED_MAX_MB
from wizard.findings import error, warning
from wizard.rules._mask import mask_applies, mask_state, suggested_gmu
from wizard.rules.registry import rule


def _visible(plan) -> str | None:
    """ASCEND_RT_VISIBLE_DEVICES, or None when unset or a script placeholder such as $1."""
    value = plan.env.get("ASCEND_RT_VISIBLE_DEVICES")
    return None if value is None or "$" in value else value


@rule("not-enough-chips", group="host")
def not_enough_chips(plan):
    """TP × PP × DP needs more chips than the host has (or makes visible)."""
    if plan.host.family != "310p" or not plan.host.chips:
        return
    need = plan.options.parallel_chips
    visible = _visible(plan)
    known = set(plan.visible_pool)
    if visible:
        have = len({int(p) for p in visible.split(",") if p.strip().isdigit() and int(p) in known})
    else:
        have = len(known)
    if need > have:
        fit = max([t for t in (1, 2, 4, 8) if t <= have] or [1])
        if visible:
            where = f"ASCEND_RT_VISIBLE_DEVICES={visible}"
        elif plan.device_pool is not None:
            where = f"the container gets {len(plan.device_pool)} /dev/davinciN device(s)"
        else:
            where = f"{len(plan.host.chips)} chips on {plan.host.source}"
        yield error(
            "not-enough-chips",
            f"the plan needs {need} chips (TP {plan.options.tensor_parallel_size} × PP "
            f"{plan.options.pipeline_parallel_size} × DP {plan.options.data_parallel_size}) but only {have} are available",
            evidence=where,
            fix=_not_enough_chips_fix(plan, have, fit, need, where),
        )


def _not_enough_chips_fix(plan, have: int, fit: int, need: int, where: str) -> str:
    """A fix that changes something: never 'use TP 1' to a plan that already runs TP 1."""
    tp = plan.options.tensor_parallel_size
    if have == 0:
        return f"make the chips visible to the server ({where}): pass their /dev/davinciN devices or fix ASCEND_RT_VISIBLE_DEVICES"
    if tp <= fit:
        return (f"drop pipeline/data parallel (only TP is documented on 310P): --tensor-parallel-size {tp} alone needs "
                f"{tp} chip(s), or a host with {need} chips")
    return f"use --tensor-parallel-size {fit} (with weights for that TP), or a host with {need} chips"


@rule("visible-devices-invalid", group="host")
def visible_devices_invalid(plan):
    """ASCEND_RT_VISIBLE_DEVICES names a missing logic id, repeats one, or is not ascending."""
    visible = _visible(plan)
    if not visible:
        return
    parts = [p.strip() for p in visible.split(",") if p.strip()]
    problems = []
    if any(not p.isdigit() for p in parts):
        problems.append("holds something other than logic ids")
    ids = [int(p) for p in parts if p.isdigit()]
    if len(set(ids)) != len(ids):
        problems.append("repeats a logic id")
    if ids != sorted(ids):
        problems.append("is not in ascending order")
    known = set(plan.visible_pool)
    missing = [i for i in ids if known and i not in known]
    if missing:
        where = "the container has" if plan.device_pool is not None else "the host has"
        problems.append(f"names logic id(s) {missing} that do not exist ({where} {sorted(known)})")
    if problems:
        good = ",".join(str(i) for i in sorted(set(i for i in ids if not known or i in known)))
        yield error(
            "visible-devices-invalid",
            f"ASCEND_RT_VISIBLE_DEVICES={visible} " + "; ".join(problems),
            evidence=f"env ASCEND_RT_VISIBLE_DEVICES={visible}",
            fix=f"export ASCEND_RT_VISIBLE_DEVICES={good or '0'} (logic ids from the npu-smi Device column, ascending)",
        )


@rule("chip-unhealthy", group="host")
def chip_unhealthy(plan):
    """A chosen chip's Health is not OK."""
    for chip in plan.chips:
        if chip.health.upper() not in ("OK", ""):
            yield error(
                "chip-unhealthy",
                f"chip {chip.logic_id} reports health {chip.health}",
                evidence=f"npu-smi Health of logic id {chip.logic_id}",
                fix="run `npu-smi info -t health -i <npu id>` and pick other chips via ASCEND_RT_VISIBLE_DEVICES",
            )


@rule("chip-memory-in-use", group="host")
def chip_memory_in_use(plan):
    """A chosen chip already has memory used by another process (beyond idle driver use)."""
    for chip in plan.chips:
        if chip.memory_used_mb > IDLE_USED_MAX_MB:
            yield warning(
                "chip-memory-in-use",
                f"chip {chip.logic_id} already uses {chip.memory_used_mb} MB of {chip.memory_total_mb} MB "
                f"(idle is under {IDLE_USED_MAX_MB} MB): vLLM counts it against the KV budget, which on 310P is then halved",
                evidence=f"npu-smi memory usage of logic id {chip.logic_id}",
                fix="stop the other process (npu-smi info lists it) or choose idle chips",
            )


@rule("gmu-exceeds-free-memory", group="host")
def gmu_exceeds_free_memory(plan):
    """total × gpu-memory-utilization exceeds a chosen chip's free memory: vLLM refuses to start."""
    u = plan.options.gpu_memory_utilization
    short = [c for c in plan.chips if c.memory_total_mb * u > c.memory_free_mb]
    if not short:
        return
    chip = min(short, key=lambda c: c.memory_free_mb / c.memory_total_mb)
    best = int((chip.memory_free_mb / chip.memory_total_mb) * 100) / 100
    state = mask_state(plan) if mask_applies(plan) else None
    mask_u = suggested_gmu(plan, state) if state else None
    also = ""
    if mask_u is not None and mask_u < best:
        best, also = mask_u, f" (that also leaves room for the max-model-len {state[0]} attention mask)"
    others = f" (also chips {[c.logic_id for c in short if c is not chip]})" if len(short) > 1 else ""
    if state is not None and mask_u is None:
        # no utilization both starts and survives the mask: do not offer one that only starts
        fix = (f"stop the other process on chip {chip.logic_id} or choose idle chips: at most {best:.2f} would start, "
               f"but then the max-model-len {state[0]} attention mask does not fit (lower --max-model-len too)")
    else:
        fix = f"use --gpu-memory-utilization {best:.2f}{also}"
    yield error(
        "gmu-exceeds-free-memory",
        f"chip {chip.logic_id}: {chip.memory_total_mb} MB × {u:.2f} = {chip.memory_total_mb * u:.0f} MB wanted, "
        f"but only {chip.memory_free_mb} MB are free ({chip.memory_used_mb} MB used){others}: "
        "\"Free memory on device … is less than desired GPU memory utilization\"",
        evidence=f"flag --gpu-memory-utilization {u} and npu-smi memory of logic id {chip.logic_id}",
        fix=fix,
    )


@rule("triton-installed", group="host")
def triton_installed(plan):
    """triton or triton-ascend is installed (on the host, or by the input's own pip install): no 310P target, fails at start or at the first penalty request."""
    names = ("triton", "triton-ascend")
    consequence = (
        "310P has no triton target (bisheng fails with an unknown --target at start-up, "
        "or at the first request that uses penalties)"
    )
    found = {name: v for name, v in plan.host.packages.items() if name in names}
    if found:
        listed = ", ".join(f"{k} {v}" for k, v in sorted(found.items()))
        yield error(
            "triton-installed",
            f"{listed} installed: {consequence}",
            evidence="installed Python distributions",
            fix="pip uninstall -y triton triton-ascend && rm -rf <site-packages>/triton",
        )
    launch = plan.launch
    installs = [p for p in launch.pip_installs if p.name in names]
    if not installs:
        return
    dockerfile = launch.source == "dockerfile"
    where = launch.path or ("the Dockerfile" if dockerfile else "the command")
    at = [f"line {p.line}" if p.line else "the container command" for p in installs]
    shown = [p.name if "/" in p.requirement else p.requirement for p in installs]  # not a wheel's path
    listed = ", ".join(f"{r} ({a})" for r, a in zip(shown, at))
    evidence = "; ".join(
        f"{where} {a}: `{p.command}`" if p.line else f"{a}: `{p.command}`" for p, a in zip(installs, at)
    )
    # they share one site-packages/triton folder: pip uninstall of one (or both) can leave files
    # behind that break `import torch`, so the folder goes too
    purge = (
        "pip uninstall -y triton triton-ascend && "
        "rm -rf \"$(python3 -c 'import sysconfig; print(sysconfig.get_paths()[\"purelib\"])')/triton\""
    )
    lines = ", ".join(at)
    if dockerfile:
        what, fix = (
            f"the image installs {listed}",
            f"remove {', '.join(shown)} from the RUN pip install ({lines}), or, when another package pulls "
            f"it in, add after that RUN: RUN {purge} "
            "(both share site-packages/triton: uninstalling alone leaves a residue that breaks `import torch`)",
        )
    else:
        what, fix = (
            f"{'the container command' if launch.source in ('k8s', 'compose') else 'the script'} installs "
            f"{listed} before vLLM starts",
            f"remove {', '.join(shown)} from the pip install ({lines}); "
            f"where it already ran: {purge} "
            "(both share site-packages/triton: uninstalling alone leaves a residue that breaks `import torch`)",
        )
    yield error("triton-installed", f"{what}: {consequence}", evidence=evidence, fix=fix)


@rule("triton-residue", group="host")
def triton_residue(plan):
    """A site-packages/triton directory that no installed distribution owns (breaks `import torch`)."""
    if plan.host.triton_residue:
        where = plan.host.triton_residue_path or "<site-packages>/triton"
        yield error(
            "triton-residue",
            f"{where} exists but no installed distribution owns it: uninstalling triton/triton-ascend left a "
            "half-removed package that breaks `import torch`",
            evidence=f"directory {where}",
            fix=f"rm -rf {where}"
            if plan.host.triton_residue_path
            else "rm -rf \"$(python -c 'import sysconfig; print(sysconfig.get_paths()[\"purelib\"])')/triton\" (in the serving Python environment)",
        )


@rule("docker-device-missing", group="host")
def docker_device_missing(plan):
    """The container is given /dev/davinciN nodes of chips this host does not have."""
    from wizard.assemble import davinci_ids, is_literal_container

    if not is_literal_container(plan.launch) or not plan.host.chips or plan.host.family != "310p":
        return
    missing = [i for i in davinci_ids(plan.launch) if plan.host.chip(i) is None]
    if missing:
        have = sorted(c.logic_id for c in plan.host.chips)
        yield error(
            "docker-device-missing",
            f"the container is given /dev/davinci{{{','.join(map(str, missing))}}} but this host's chips are {have}: "
            "docker refuses to start with a missing device",
            evidence=", ".join(f"--device /dev/davinci{i}" for i in missing),
            fix="pass --device /dev/davinciN only for chips the host has (npu-smi info lists them): "
            + " ".join(f"--device /dev/davinci{i}" for i in have[: max(1, plan.options.parallel_chips)]),
        )
