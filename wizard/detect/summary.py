"""Human-readable summary of a HostDescription (what `duowiz detect` prints).

Why separate from the CLI: the TUI's host screen can show the same lines and warnings.
"""

from __future__ import annotations

from wizard.detect.cards import PRODUCT_LABELS
from wizard.detect.npu_smi import FAMILY_LABELS
from wizard.host.model import HostDescription

#: memory a chip shows used with nothing running (driver / device OS), reference 310p-facts §1
IDLE_USED_MB = 2000
BAR_WIDTH = 24
_CLASS_LABELS = {"48G": "48 GB-class", "24G": "24 GB-class", "other": "under-18 GB (sliced?)"}
_WATCHED_ORDER = ("vllm", "vllm-ascend", "torch", "torch-npu", "triton", "triton-ascend", "msmodelslim")


def memory_bar(used: int, total: int, width: int = BAR_WIDTH) -> str:
    """`[#####...........]` with `#` for used memory."""
    filled = 0 if total <= 0 else min(width, round(width * used / total))
    return "[" + "#" * filled + "." * (width - filled) + "]"


def no_310p_sentence(host: HostDescription) -> str:
    """One plain sentence for "this is not a 310P host", saying what was found instead."""
    if host.problem:
        return f"No Ascend 310P found: {host.problem}."
    label = FAMILY_LABELS.get(host.family)
    if label and host.family != "310p":
        return f"No Ascend 310P found: this host has {label} chips."
    return "No Ascend 310P found: npu-smi shows no 310P chip."


def host_warnings(host: HostDescription) -> list[str]:
    """Things worth a look before serving; the check rules give the authoritative findings."""
    out: list[str] = []
    for chip in host.chips:
        if chip.health.upper() != "OK":
            out.append(f"chip {chip.logic_id} health is {chip.health}")
        if chip.memory_used_mb > IDLE_USED_MB:
            out.append(
                f"chip {chip.logic_id} already has {chip.memory_used_mb} MB of {chip.memory_total_mb} MB in use"
            )
    for detail in host.extra.get("card_details", []):
        if detail.get("partial"):
            out.append(f"NPU {detail['npu_id']}: only part of the card is visible here ({detail['basis']})")
    if host.extra.get("truncated"):
        out.append("the npu-smi output looks truncated: chips after the cut would be missing")
    if host.triton_residue:
        out.append(f"triton residue: {host.triton_residue_path} exists but no installed package owns it")
    for name in ("triton", "triton-ascend"):
        if name in host.packages:
            out.append(f"{name} {host.packages[name]} is installed (vllm-ascend on 310P fails with it)")
    nodes = host.extra.get("davinci_nodes") or []
    if host.chips and nodes and len(nodes) != len(host.chips):
        out.append(f"{len(nodes)} /dev/davinci nodes but npu-smi shows {len(host.chips)} chips")
    out += [f"npu-smi: {w}" for w in host.extra.get("npu_smi_warnings", [])]
    out += host.extra.get("version_notes", [])
    return out


def _card_lines(host: HostDescription) -> list[str]:
    details = {d["npu_id"]: d for d in host.extra.get("card_details", [])}
    lines: list[str] = []
    total = len(host.chips)
    lines.append(f"310P: {len(host.cards)} card(s), {total} chip(s)")
    for card in host.cards:
        d = details.get(card.npu_id, {})
        product = d.get("product") or PRODUCT_LABELS.get(card.kind, card.kind)
        klass = d.get("memory_class", "")
        buses = ", ".join(d.get("bus_ids", [])) or "bus n/a"
        extra = " (partial view)" if d.get("partial") else ""
        lines.append(f"  card NPU {card.npu_id}: {product}, {_CLASS_LABELS.get(klass, klass)} chips, {buses}{extra}")
        for lid in card.logic_ids:
            chip = host.chip(lid)
            if chip is None:
                continue
            lines.append(
                f"    chip {chip.chip_index}  logic id {chip.logic_id}  {chip.name}  {chip.health:<4} "
                f"{memory_bar(chip.memory_used_mb, chip.memory_total_mb)} "
                f"{chip.memory_used_mb} / {chip.memory_total_mb} MB used, {chip.memory_free_mb} MB free"
            )
    procs = host.extra.get("processes") or []
    if procs:
        lines.append("Processes on the chips:")
        for p in procs:
            where = f"logic id {p['logic_id']}" if p.get("logic_id") is not None else f"NPU {p['npu_id']} chip {p['chip_index']}"
            lines.append(f"  pid {p['pid']} {p['name'] or '(no name)'} on {where}: {p['memory_mb']} MB")
    return lines


def render_summary(host: HostDescription) -> str:
    lines = [f"Source: {host.source}"]
    if host.family == "310p" and host.chips:
        lines += _card_lines(host)
    else:
        lines.append(no_310p_sentence(host))
    v = host.versions
    shown = [f"{label} {v[key]}" for key, label in (("driver", "driver"), ("firmware", "firmware"), ("cann", "CANN"), ("npu_smi", "npu-smi")) if v.get(key)]
    lines.append("Versions: " + (", ".join(shown) if shown else "no driver / CANN version files found"))
    pk = host.packages
    present = [f"{n} {pk[n]}" for n in _WATCHED_ORDER if n in pk]
    missing = [n for n in _WATCHED_ORDER if n not in pk]
    lines.append("Packages: " + (", ".join(present) if present else "none of the serving packages installed"))
    if missing:
        lines.append("  not installed: " + ", ".join(missing))
    if host.env:
        lines.append("Environment: " + " ".join(f"{k}={val}" for k, val in host.env.items()))
    x = host.extra
    facts = []
    if x.get("cpus"):
        facts.append(f"{x['cpus']} CPUs")
    if x.get("host_ram_mb"):
        facts.append(f"{x['host_ram_mb'] / 1024:.0f} GiB RAM")
    if x.get("free_disk_mb") is not None:
        facts.append(f"{x['free_disk_mb'] / 1024:.0f} GiB free disk here")
    facts.append("docker CLI " + ("present" if x.get("docker_cli") else "absent"))
    nodes = x.get("davinci_nodes") or []
    facts.append(f"{len(nodes)} /dev/davinci node(s)")
    lines.append("Host: " + ", ".join(facts))
    warnings = host_warnings(host)
    if warnings:
        lines.append("Warnings:")
        lines += [f"  - {w}" for w in warnings]
    return "\n".join(lines)
