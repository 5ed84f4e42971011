"""Assemble a HostDescription of this machine (or of a replayed npu-smi capture).

Why each probe degrades on its own: a missing or hung npu-smi must still leave the versions,
packages, triton residue, /dev nodes and environment in the report, and the failure itself
becomes `family`/`problem` that the `no-310p-detected` rule turns into a finding.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from wizard.detect.cards import build_chips_and_cards, processes_with_logic_ids
from wizard.detect.devices import ascend_env, davinci_nodes, pci_npus, system_facts
from wizard.detect.npu_smi import FAMILY_LABELS, parse_npu_smi_info
from wizard.detect.npu_smi_kv import collect_hints
from wizard.detect.packages import find_triton_residue, installed_packages
from wizard.detect.probe import DEFAULT_TIMEOUT_S, ProbeResult, SignalGuard, run_npu_smi
from wizard.detect.versions import read_versions
from wizard.host.model import HostDescription


def host_from_npu_smi(text: str, source: str, aux_texts: list[str] | tuple[str, ...] = ()) -> HostDescription:
    """The npu-smi part of a host: chips, cards, family/problem, processes. Pure (no I/O)."""
    table = parse_npu_smi_info(text)
    host = HostDescription(source=source, family=table.family, problem=table.problem)
    if table.npu_smi_version:
        host.versions["npu_smi"] = table.npu_smi_version
    if table.driver_version:
        host.extra["npu_smi_driver_version"] = table.driver_version
    if table.warnings:
        host.extra["npu_smi_warnings"] = table.warnings
    if table.problem:
        host.extra["probe"] = {"status": "garbage" if table.family == "unknown" else "empty"}
        host.chips, host.cards = [], []
        return host
    if table.family != "310p":
        names = sorted({c.name for c in table.chips})
        label = FAMILY_LABELS.get(table.family, "an unknown chip family")
        host.problem = (
            f"npu-smi shows {len(table.chips)} chip(s) named {', '.join(names)} — {label}, not a 310P"
        )
        host.extra["found"] = {
            "family": table.family,
            "chips": len(table.chips),
            "names": names,
            "cards": len({c.npu_id for c in table.chips}),
            "memory_total_mb": sorted({c.memory_total_mb for c in table.chips}),
        }
        host.extra["probe"] = {"status": "other-family"}
        return host
    chips, cards, details = build_chips_and_cards(table, collect_hints(list(aux_texts)))
    host.chips, host.cards = chips, cards
    host.extra["card_details"] = details
    host.extra["processes"] = processes_with_logic_ids(table, chips)
    host.extra["probe"] = {"status": "ok"}
    if table.truncated:
        host.extra["truncated"] = True
    return host


def _ambiguous_npu_ids(host: HostDescription) -> list[int]:
    """Cards whose kind came from the table alone with one chip visible (Pro or half a Duo?)."""
    return [d["npu_id"] for d in host.extra.get("card_details", []) if d.get("ambiguous")]


def _live_npu_smi(timeout: float) -> tuple[HostDescription | None, ProbeResult]:
    """Run `npu-smi info`, then the optional `-m` / `-t product` / `-t board` hints."""
    started = time.monotonic()
    result = run_npu_smi(["info"], timeout=timeout)
    if not result.ok:
        return None, result
    host = host_from_npu_smi(result.stdout, source="this host (npu-smi info)")
    if host.family != "310p" or not host.chips:
        return host, result
    deadline = started + 2 * timeout  # the hints share one more timeout's worth of time

    def remaining() -> float:
        return max(0.0, deadline - time.monotonic())

    aux: list[str] = []
    ran: list[str] = []

    def ask(args: list[str]) -> None:
        if remaining() < 0.5:
            return
        extra = run_npu_smi(args, timeout=min(timeout, remaining()))
        if extra.ok:
            aux.append(extra.stdout)
            ran.append(" ".join(extra.argv))

    ask(["info", "-m"])  # one call that usually settles every card (Mcu position)
    if aux:
        host = host_from_npu_smi(result.stdout, source=host.source, aux_texts=aux)
    for npu_id in _ambiguous_npu_ids(host)[:16]:  # what -m did not settle: ask the card itself
        ask(["info", "-t", "product", "-i", str(npu_id)])
        ask(["info", "-t", "board", "-i", str(npu_id)])
    if aux:
        host = host_from_npu_smi(result.stdout, source=host.source, aux_texts=aux)
        host.extra["npu_smi_hints"] = ran
    return host, result


def _failed_host(result: ProbeResult, nodes: list[str], pci: list[dict]) -> HostDescription:
    problem = result.problem or "npu-smi gave no usable output"
    seen = []
    if nodes:
        seen.append(f"{len(nodes)} /dev/davinci node(s)")
    if pci:
        fams = sorted({p["family"] for p in pci})
        seen.append(f"{len(pci)} Huawei NPU PCI function(s) ({', '.join(fams)})")
    if seen:
        problem += "; the host does show " + " and ".join(seen)
    family = "none" if result.status == "missing" and not nodes and not pci else "unknown"
    host = HostDescription(source="this host", family=family, problem=problem)
    host.extra["probe"] = {"status": result.status, "command": " ".join(result.argv)}
    return host


def kernels_matter(packages: dict[str, str]) -> bool:
    """The torch_npu kernel probe costs seconds; its answer only matters where vllm-ascend
    v0.21.0rc1+ can use the fixed-size mask path (or when the release is not installed here)."""
    from wizard.releases.versions import version_key

    installed = packages.get("vllm-ascend")
    if "torch-npu" not in packages:
        return False
    return installed is None or version_key(installed) >= version_key("0.21.0rc1")


def read_capture(path: str) -> str:
    """A saved npu-smi output (bounded, regular files only; odd bytes replaced, not fatal)."""
    from wizard.inputfile import read_input

    return read_input(str(path), "npu-smi capture", strict_utf8=False)


def detect_host(
    timeout: float = DEFAULT_TIMEOUT_S,
    npu_smi_output: str | None = None,
    *,
    aux_outputs: list[str] | tuple[str, ...] = (),
    root: str | os.PathLike = "/",
    environ: dict[str, str] | None = None,
    probe_kernels: bool = True,
) -> HostDescription:
    """Describe this machine. `npu_smi_output` replays a saved `npu-smi info` capture instead of
    running npu-smi (`aux_outputs`: saved `-m` / `-t board` / `-t product` outputs); every other
    probe (versions, packages, /dev, env, psutil) still looks at this machine under `root`.

    SIGTERM/SIGHUP while it runs raise KeyboardInterrupt (as Ctrl-C does), so the children it
    starts (npu-smi's group, the torch_npu probe) are killed instead of being orphaned."""
    with SignalGuard():
        return _detect_host(timeout, npu_smi_output, aux_outputs, root, environ, probe_kernels)


def _detect_host(
    timeout: float,
    npu_smi_output: str | None,
    aux_outputs: list[str] | tuple[str, ...],
    root: str | os.PathLike,
    environ: dict[str, str] | None,
    probe_kernels: bool,
) -> HostDescription:
    env = dict(os.environ if environ is None else environ)
    root_path = Path(root)
    nodes = davinci_nodes(root_path / "dev")
    pci = pci_npus(root_path / "sys" / "bus" / "pci" / "devices")
    if npu_smi_output is not None:
        aux = [read_capture(p) for p in aux_outputs]
        host = host_from_npu_smi(read_capture(npu_smi_output), source=f"npu-smi capture {npu_smi_output}", aux_texts=aux)
    else:
        live, result = _live_npu_smi(timeout)
        host = live if live is not None else _failed_host(result, nodes, pci)
    versions, notes = read_versions(root_path, env)
    host.versions = {**host.versions, **versions}
    if "driver" not in host.versions and host.extra.get("npu_smi_driver_version"):
        host.versions["driver"] = host.extra["npu_smi_driver_version"]
        host.extra["version_sources"] = {"driver": "npu-smi (no driver/version.info found)"}
    host.packages = installed_packages()
    residue = find_triton_residue()
    host.triton_residue = residue is not None
    host.triton_residue_path = str(residue) if residue else None
    host.env = ascend_env(env)
    host.extra.update(
        {
            "davinci_nodes": nodes,
            "pci_npus": pci,
            **system_facts(os.getcwd()),
        }
    )
    if notes:
        host.extra["version_notes"] = notes
    if probe_kernels and kernels_matter(host.packages):
        from wizard.detect.kernels import probe_mask_kernels

        has_kernels, how = probe_mask_kernels(host.packages, timeout=max(timeout, 30.0))
        host.extra["torch_npu_kernel_probe"] = how
        if has_kernels is not None:
            host.extra["torch_npu_compressed_mask_kernels"] = has_kernels
    return host
