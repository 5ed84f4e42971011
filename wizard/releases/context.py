"""Small readers of the Plan that the release rules share (no I/O: everything is in the Plan).

Kept apart from the rules so each rule stays a few lines: which model architecture the plan
serves (config.json, else a name hint), whether the weights are quantized, which CANN /
torch_npu / vLLM versions the serving stack has, and whether the host is a 310P.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ModelIdentity:
    model_type: str | None
    architectures: list[str]
    evidence: str


def release_of(plan):
    """The plan's KnownRelease, or None when the assembler put another ReleaseView there."""
    release = getattr(plan, "release", None)
    return release if hasattr(release, "is_known") else None


def host_is_310p(plan) -> bool:
    return getattr(plan.host, "family", "310p") == "310p"


def model_identity(plan) -> ModelIdentity | None:
    """model_type / architectures from config.json, else from a well-known model name."""
    model = plan.model
    if model is not None and (model.model_type or model.architectures):
        return ModelIdentity(model.model_type, list(model.architectures or []), f"config.json ({model.origin})")
    name = plan.options.model or plan.launch.model
    if not name:
        return None
    hint = _architecture_hint(name)
    if hint is None:
        return None
    architectures, model_type = hint
    return ModelIdentity(model_type, list(architectures), f"inferred from the model name {name}")


def _architecture_hint(name: str):
    try:
        from wizard.facts.catalog import architecture_hint  # type: ignore[attr-defined]
    except ImportError:
        try:
            from wizard.facts.names import architecture_hint
        except ImportError:
            return None
    try:
        return architecture_hint(name)
    except Exception:  # a hint is optional; a bad name must never break the check
        return None


def is_quantized(plan) -> bool:
    """An msmodelslim checkpoint or `--quantization ascend`: the path that runs QuantBatchMatmul."""
    if (plan.options.quantization or "").lower() == "ascend":
        return True
    quant = (getattr(plan.weights, "quant_type", None) or "").upper()
    return quant.startswith("W8A8")


def quant_type_matches(plan, types: list[str]) -> bool:
    """The weights' msmodelslim type is one of `types`; unknown type: `--quantization ascend`."""
    quant = (getattr(plan.weights, "quant_type", None) or "").upper()
    if quant and quant != "FLOAT":
        return quant in {t.upper() for t in types}
    return (plan.options.quantization or "").lower() == "ascend"


def cann_version(plan, release) -> tuple[str | None, str]:
    """(CANN version, where it came from): the host's version file, else the image's stack."""
    cann = (plan.host.versions or {}).get("cann")
    if cann:
        return str(cann), "host CANN version"
    shipped = release.image_stack() if release is not None else None
    if shipped and shipped.get("cann"):
        return str(shipped["cann"]), f"CANN shipped in {release.image}"
    return None, ""


def package(plan, name: str) -> str | None:
    packages = plan.host.packages or {}
    return packages.get(name) or packages.get(name.replace("-", "_"))


def env_value(plan, name: str) -> str | None:
    """The serving process's value of an env var: the plan's merged environment is the whole
    truth (it already holds the host's, the process's and the line's, and honours `env -i`)."""
    return (plan.env or {}).get(name)


def release_evidence(release) -> str:
    return release.source if release is not None else "no release information"
