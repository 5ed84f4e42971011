"""Cheap facts that need no npu-smi: /dev/davinci nodes, PCI ids, environment, RAM/CPU/disk, docker.

Why: when npu-smi is missing or hangs these still tell the user something ("2 davinci nodes
but npu-smi is not mounted"), and they cost milliseconds (reference/hardware.md §6).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

_NODE_RE = re.compile(r"^v?davinci(\d+)$")
_ENV_PREFIXES = ("ASCEND_", "HCCL_")

#: PCI device ids of Huawei (vendor 0x19e5) NPUs; other 0x19e5 devices are NICs etc.
PCI_NPU_IDS = {"0xd500": "310p", "0xd100": "310", "0xd801": "910a", "0xd802": "910b", "0xd803": "a3"}


def davinci_nodes(dev_dir: str | os.PathLike = "/dev") -> list[str]:
    """`/dev/davinciN` and `/dev/vdavinciN` chip nodes (not davinci_manager), by number."""
    try:
        names = [n for n in os.listdir(dev_dir) if _NODE_RE.match(n)]
    except OSError:
        return []
    names.sort(key=lambda n: (n.startswith("v"), int(_NODE_RE.match(n).group(1))))  # type: ignore[union-attr]
    return [str(Path(dev_dir) / n) for n in names]


def pci_npus(sys_dir: str | os.PathLike = "/sys/bus/pci/devices") -> list[dict[str, str]]:
    """Huawei NPU functions on the PCI bus: [{bus_id, device, family}]."""
    out: list[dict[str, str]] = []
    try:
        entries = sorted(os.listdir(sys_dir))
    except OSError:
        return out
    for bdf in entries:
        base = Path(sys_dir) / bdf
        try:
            vendor = (base / "vendor").read_text().strip().lower()
            if vendor != "0x19e5":
                continue
            device = (base / "device").read_text().strip().lower()
        except OSError:
            continue
        if device in PCI_NPU_IDS:
            out.append({"bus_id": bdf, "device": device, "family": PCI_NPU_IDS[device]})
    return out


def ascend_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """ASCEND_* and HCCL_* variables of this process (ASCEND_RT_VISIBLE_DEVICES among them)."""
    env = os.environ if environ is None else environ
    return {k: v for k, v in sorted(env.items()) if k.startswith(_ENV_PREFIXES)}


def system_facts(cwd: str | os.PathLike = ".") -> dict[str, object]:
    """host_ram_mb, cpus, free_disk_mb (of cwd) and docker_cli; missing facts are left out."""
    facts: dict[str, object] = {"docker_cli": shutil.which("docker") is not None}
    try:
        import psutil

        facts["host_ram_mb"] = int(psutil.virtual_memory().total // (1024 * 1024))
        facts["cpus"] = psutil.cpu_count(logical=True) or os.cpu_count()
        facts["free_disk_mb"] = int(psutil.disk_usage(str(cwd)).free // (1024 * 1024))
    except Exception:  # psutil missing or a sandbox refusing /proc: fall back to what os knows
        facts.setdefault("cpus", os.cpu_count())
        try:
            facts["free_disk_mb"] = int(shutil.disk_usage(str(cwd)).free // (1024 * 1024))
        except OSError:
            pass
    return facts
