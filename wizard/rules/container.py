"""Container rules: what a `docker run` / compose service must pass for vLLM to reach a 310P.

Why: `/dev/davinciN` alone is not enough. The NPU runtime also opens the management devices
(`/dev/davinci_manager`, `/dev/devmm_svm`, `/dev/hisi_hdc`) and loads the driver's libraries
from `/usr/local/Ascend/driver` on the host (310p-facts.md §4, the seed tutorial's docker run).
Without them the container starts, loads nothing onto the NPU and dies with a driver error —
after the image pull and the weight download. Kubernetes is left out: there the Ascend device
plugin injects devices; so is Huawei's Ascend Docker Runtime (ASCEND_VISIBLE_DEVICES), which
adds devices and driver mounts itself.
"""

from __future__ import annotations

from wizard.findings import error
from wizard.rules.registry import rule

MANAGEMENT_DEVICES = ("/dev/davinci_manager", "/dev/devmm_svm", "/dev/hisi_hdc")
DRIVER_DIR = "/usr/local/Ascend/driver"


def mount_pairs(volumes: list[str]) -> list[tuple[str | None, str]]:
    """(host source, container path) of each `-v SRC:DST[:opts]`, compose short-form volume or
    `--mount type=bind,src=…,dst=…`; an anonymous volume (`-v /path`) has no host source."""
    pairs: list[tuple[str | None, str]] = []
    for volume in volumes:
        if "=" in volume.split(",")[0]:  # --mount key=value list
            fields = dict(p.split("=", 1) for p in volume.split(",") if "=" in p)
            if fields.get("type", "bind") != "bind":
                continue
            src = fields.get("source") or fields.get("src")
            dst = fields.get("destination") or fields.get("target") or fields.get("dst")
            if dst:
                pairs.append((src, dst))
            continue
        parts = volume.split(":")
        pairs.append((None, parts[0]) if len(parts) == 1 else (parts[0], parts[1]))
    return pairs


def _driver_mounted(volumes: list[str]) -> bool:
    """The host's driver folder (or a parent) bind-mounted at the same place in the container."""
    def driverish(path: str) -> bool:
        path = path.rstrip("/") or "/"
        return path in ("/usr/local/Ascend", "/usr/local") or path == DRIVER_DIR or path.startswith(DRIVER_DIR + "/")

    return any(src is not None and src.startswith("/") and driverish(src) and driverish(dst)
               for src, dst in mount_pairs(volumes))


def _applies(launch) -> bool:
    from wizard.assemble import davinci_ids, is_literal_container

    if not is_literal_container(launch) or launch.privileged or not launch.devices_known:
        return False
    from wizard.assemble import mounts_all_devices

    if launch.source in ("dockerfile", "k8s") or "ASCEND_VISIBLE_DEVICES" in launch.env or mounts_all_devices(launch):
        return False
    return bool(davinci_ids(launch))


@rule("docker-driver-access-missing", group="host")
def docker_driver_access_missing(plan):
    """The container gets /dev/davinciN but not the management devices or the driver mount the NPU runtime needs."""
    launch = plan.launch
    if not _applies(launch):
        return
    missing_devices = [d for d in MANAGEMENT_DEVICES if d not in launch.devices]
    driver_mounted = _driver_mounted(launch.volumes)
    if not missing_devices and driver_mounted:
        return
    gaps = list(missing_devices) + ([] if driver_mounted else [f"a {DRIVER_DIR} mount"])
    fix = " ".join(f"--device {d}" for d in missing_devices)
    if not driver_mounted:
        fix += (" " if fix else "") + (f"-v {DRIVER_DIR}/lib64/:{DRIVER_DIR}/lib64/ "
                                       f"-v {DRIVER_DIR}/version.info:{DRIVER_DIR}/version.info")
    yield error(
        "docker-driver-access-missing",
        f"the container gets /dev/davinci devices but not {', '.join(gaps)}: the NPU runtime inside cannot "
        "open the chips and vLLM fails at start-up (the seed tutorial's docker run passes all of them)",
        evidence="docker --device / -v as written" + (f" ({launch.name})" if launch.name else ""),
        fix=f"add {fix}",
    )
