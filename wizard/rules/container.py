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


def _mounted_sources(volumes: list[str]) -> list[str]:
    """Host side of each `-v SRC:DST[:opts]` / compose short-form volume."""
    return [v.split(":", 1)[0].rstrip("/") for v in volumes]


def _applies(launch) -> bool:
    from wizard.assemble import davinci_ids, is_literal_container

    if not is_literal_container(launch) or launch.privileged or not launch.devices_known:
        return False
    if launch.source in ("dockerfile", "k8s") or "ASCEND_VISIBLE_DEVICES" in launch.env:
        return False
    return bool(davinci_ids(launch))


@rule("docker-driver-access-missing", group="host")
def docker_driver_access_missing(plan):
    """The container gets /dev/davinciN but not the management devices or the driver mount the NPU runtime needs."""
    launch = plan.launch
    if not _applies(launch):
        return
    missing_devices = [d for d in MANAGEMENT_DEVICES if d not in launch.devices]
    sources = _mounted_sources(launch.volumes)
    driver_mounted = any(s == DRIVER_DIR or s.startswith(DRIVER_DIR + "/") or s in ("/usr/local/Ascend", "/usr/local")
                         for s in sources)
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
