"""GitHub Actions annotations: one `::error::`/`::warning::` line per finding, for CI pipelines.

When the launch came from a file, annotations carry `file=` (and `line=` when the finding's
evidence names a flag the reader saw on a known line), so they attach to the pull request diff.
"""

from __future__ import annotations


def _line_of(finding, launch) -> int | None:
    evidence = finding.evidence or ""
    for use in reversed(launch.flags):  # the last use wins, as in argparse
        if use.line and evidence.startswith(f"flag {use.spelling}"):
            return use.line
    return None


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render(report) -> str:
    launch = report.plan.launch
    lines = []
    for f in report.findings:
        kind = {"error": "error", "warning": "warning"}.get(f.severity.value, "notice")
        props = [f"title=duowiz {f.code}"]
        if launch.path:
            props.insert(0, f"file={launch.path}")
            line = _line_of(f, launch)
            if line:
                props.insert(1, f"line={line}")
        text = f"{f.message} — fix: {f.fix}" if f.fix else f.message
        lines.append(f"::{kind} {','.join(props)}::{_escape(text)}")
    lines.append(f"duowiz verdict: {report.verdict}")
    return "\n".join(lines)
