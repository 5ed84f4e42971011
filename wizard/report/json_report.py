"""The `--json` document (schema version 1, docs/json-schema.md): stable keys for CI pipelines."""

from __future__ import annotations

import json

from wizard import __version__
from wizard.check import JSON_SCHEMA_VERSION


def document(report) -> dict:
    plan = report.plan
    est = plan.estimate
    counts = {s: sum(1 for f in report.findings if f.severity.value == s) for s in ("error", "warning", "info")}
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "duowiz_version": __version__,
        "verdict": report.verdict,
        "counts": counts,
        "findings": [f.to_dict() for f in report.findings],
        "estimate": est.to_dict() if est else None,
        "max_concurrency": est.max_concurrency if est else None,
        "plan": {
            "source": plan.launch.source,
            "input_notes": list(plan.launch.notes),
            "model": plan.options.model,
            "host": plan.host.source,
            "chips": plan.chip_ids,
            "tensor_parallel_size": plan.options.tensor_parallel_size,
            "max_model_len": plan.options.max_model_len,
            "gpu_memory_utilization": plan.options.gpu_memory_utilization,
            "image": plan.launch.image or plan.host.image,
            "release": {"version": plan.release.version, "source": plan.release.source},
            "model_facts": plan.model.origin if plan.model else None,
            "weights": {
                "origin": plan.weights.origin,
                "quant_type": plan.weights.quant_type,
                "ranks": sorted(plan.weights.ranks),
            },
        },
    }


def render(report) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False)
