"""Load a host description: `sim:CARD:N`, or a YAML/JSON file (shared/cases/README.md format,
or what `duowiz detect --json` writes).

A file may name a simulated host (`sim:`), carry detected `chips[]`, or point to an npu-smi
capture (`npu_smi:`); versions, packages, triton_residue, image and env ride along.
"""

from __future__ import annotations

import json
from pathlib import Path

from wizard.findings import InputError
from wizard.host.model import Card, Chip, HostDescription
from wizard.host.sim import simulated_host


def load_host(spec: str) -> HostDescription:
    """`sim:…` or a path to a host file."""
    if spec.startswith("sim:"):
        return simulated_host(spec)
    path = Path(spec)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read host file {spec}: {exc.strerror or exc}") from None
    return host_from_text(text, source=str(path), base_dir=path.parent)


def host_from_text(text: str, source: str, base_dir: Path) -> HostDescription:
    import yaml

    try:
        data = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"host file {source} is not valid YAML/JSON: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise InputError(f"host file {source} must hold a mapping (sim:, chips:, npu_smi: …)")
    return host_from_dict(data, source=source, base_dir=base_dir)


def host_from_dict(data: dict, source: str, base_dir: Path) -> HostDescription:
    if "sim" in data:
        host = simulated_host(f"sim:{data['sim']}", data.get("chip_used_mb"))
    elif data.get("chips"):
        host = _host_from_chips(data, source)
    else:
        raise InputError(f"host file {source} has neither `sim:` nor `chips:`")
    host.versions = {str(k): str(v) for k, v in (data.get("versions") or {}).items()}
    host.packages = {str(k).lower().replace("_", "-"): str(v) for k, v in (data.get("packages") or {}).items()}
    host.triton_residue = bool(data.get("triton_residue", False))
    host.image = data.get("image") or None
    host.env = {str(k): str(v) for k, v in (data.get("env") or {}).items()}
    return host


def _host_from_chips(data: dict, source: str) -> HostDescription:
    try:
        chips = [
            Chip(
                logic_id=int(c["logic_id"]),
                memory_total_mb=int(c["memory_total_mb"]),
                memory_used_mb=int(c.get("memory_used_mb") or 0),
                npu_id=c.get("npu_id"),
                chip_index=int(c.get("chip_index") or 0),
                name=str(c.get("name") or "310P3"),
                health=str(c.get("health") or "OK"),
                bus_id=c.get("bus_id"),
            )
            for c in data["chips"]
        ]
        cards = [
            Card(npu_id=int(c["npu_id"]), kind=str(c.get("kind", "unknown-310p")), logic_ids=list(c.get("logic_ids", [])))
            for c in data.get("cards") or []
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"host file {source}: bad chip entry ({exc})") from None
    return HostDescription(
        source=source,
        chips=chips,
        cards=cards,
        family=str(data.get("family", "310p")),
        problem=data.get("problem"),
    )
