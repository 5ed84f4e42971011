"""Human text: what was checked, the per-chip budget table, then findings by severity."""

from __future__ import annotations


from wizard.findings import Severity, shorten

GiB = 1024**3
_MARK = {Severity.ERROR: "✗ error", Severity.WARNING: "! warning", Severity.INFO: "· info"}



def _g(n: int) -> str:
    return f"{n / GiB:6.2f}"


def budget_table(est) -> list[str]:
    head = f"{'chip':>4}  {'total':>6}  {'used':>6}  {'weights':>7}  {'activ.':>6}  {'KV':>6}  {'mask pk':>7}  {'headroom':>8}   (GiB)"
    lines = [head]
    for c in est.chips:
        lines.append(
            f"{c.logic_id:>4}  {_g(c.total_bytes)}  {_g(c.used_bytes)}  {_g(c.weights_bytes):>7}  {_g(c.activation_bytes)}  "
            f"{_g(c.kv_cache_bytes)}  {_g(c.mask_peak_bytes):>7}  {_g(c.headroom_bytes):>8}"
        )
    lines.append(
        f"KV cache {est.kv_cache_tokens:,} tokens ({est.kv_bytes_per_token:,} B/token, 128-token blocks); "
        f"max concurrency at {est.max_model_len:,} tokens: {est.max_concurrency}×"
    )
    lines.append(f"weights: {est.weights_method}")
    return lines


def _why_no_estimate(plan) -> str:
    if not plan.chips:
        return "no 310P chips to run on"
    if plan.model is None or not plan.model.complete:
        return "model facts unavailable"
    return "max-model-len unknown"


def render(report) -> str:
    plan = report.plan
    o = plan.options
    out = [
        f"duowiz check — {plan.launch.source}",
        f"  model    {shorten(o.model)}  ({plan.model.origin if plan.model else 'no model facts'})",
        f"  weights  {plan.weights.quant_type or ('float16 assumed (no quantization named)' if plan.estimate else 'unknown format')}"
        f"  ({plan.weights.origin})",
        f"  host     {plan.host.source}: {len(plan.host.chips)} chip(s); "
        f"{f'plan uses {plan.chip_ids}' if plan.host.chips else f'the plan would use logic ids {plan.chip_ids}, none present'} "
        f"(TP {o.tensor_parallel_size}, max-model-len {o.max_model_len or 'unset'}, gpu-memory-utilization {o.gpu_memory_utilization})",
        f"  release  {plan.release.version or 'unknown'}  ({plan.release.source})",
        "",
    ]
    notes = [n for n in plan.launch.notes if not n.startswith("also starts:")]
    if notes:
        out += ["Reading the input:"] + [f"  - {n}" for n in notes] + [""]
    if plan.estimate:
        out += ["Per-chip budget (estimate):"] + ["  " + line for line in budget_table(plan.estimate)] + [""]
    else:
        out += [f"Per-chip budget: skipped ({_why_no_estimate(plan)})", ""]
    for f in report.findings:
        out.append(f"{_MARK[f.severity]} [{f.code}] {f.message}")
        if f.evidence:
            out.append(f"    evidence: {f.evidence}")
        if f.fix:
            out.append(f"    fix:      {f.fix}")
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = {"ok": "OK — no problems found", "warnings": "OK with warnings", "errors": "WILL FAIL"}[report.verdict]
    out += ["", f"verdict: {verdict} ({errors} error(s), {warnings} warning(s), {len(report.findings) - errors - warnings} info)"]
    return "\n".join(out)
