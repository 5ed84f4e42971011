"""Plain-text rendering of runtime findings (the check's renderer is used when available,
so a launch failure reads exactly like a pre-flight finding)."""

from __future__ import annotations

from wizard.findings import Finding, sort_findings


def render_findings(findings: list[Finding]) -> str:
    lines = []
    for f in sort_findings(list(findings)):
        lines.append(f"{f.severity.value.upper():7} {f.code}: {f.message}")
        if f.evidence:
            for i, ev in enumerate(f.evidence.splitlines()):
                lines.append(f"        {'evidence: ' if i == 0 else '          '}{ev}")
        if f.fix:
            lines.append(f"        fix: {f.fix}")
    return "\n".join(lines)
