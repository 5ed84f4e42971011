"""Build a Plan by hand for the release rules (no launch parser, no assembler needed)."""

from __future__ import annotations

from pathlib import Path

from wizard.facts.model import ModelFacts, WeightsFacts
from wizard.host.hostfile import host_from_dict
from wizard.launch.options import serve_options
from wizard.launch.spec import FlagUse, LaunchSpec
from wizard.plan import Plan
from wizard.releases import resolve_release


def make_plan(
    host: dict | None = None,
    flags: dict[str, str | None] | None = None,
    model: str = "/models/Qwen3-8B",
    model_type: str | None = None,
    architectures: list[str] | None = None,
    quant_type: str | None = None,
    image: str | None = None,
    release: str | None = None,
    env: dict[str, str] | None = None,
) -> Plan:
    host_desc = host_from_dict(host or {"sim": "300i-duo-96g:1"}, "test host", Path("."))
    launch = LaunchSpec(model=model, image=image, env=dict(env or {}))
    for dest, value in (flags or {}).items():
        launch.flags.append(FlagUse(f"--{dest.replace('_', '-')}", dest, value))
    facts = None
    if model_type or architectures:
        facts = ModelFacts(origin="test config", model_type=model_type, architectures=list(architectures or []))
    return Plan(
        launch=launch,
        options=serve_options(launch),
        host=host_desc,
        weights=WeightsFacts(origin="test", quant_type=quant_type),
        model=facts,
        release=resolve_release(host_desc, launch, release),
        env=dict(env or {}),
    )


def codes(findings) -> list[str]:
    return [f.code for f in findings]
