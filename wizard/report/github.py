"""GitHub Actions annotations: one `::error::`/`::warning::` line per finding, for CI pipelines."""

from __future__ import annotations


def render(report) -> str:
    lines = []
    for f in report.findings:
        kind = {"error": "error", "warning": "warning"}.get(f.severity.value, "notice")
        text = f"{f.message} — fix: {f.fix}" if f.fix else f.message
        lines.append(f"::{kind} title=duowiz {f.code}::{text.replace(chr(10), ' ')}")
    lines.append(f"duowiz verdict: {report.verdict}")
    return "\n".join(lines)
