"""Command-line rules: flags vLLM does not have, values that do not parse, shell-level breakage."""

from __future__ import annotations

from wizard.findings import Finding, Severity, error, warning
from wizard.rules.registry import rule


@rule("unknown-flag", group="flags")
def unknown_flag(plan):
    """A flag vLLM 0.18.0 does not have: vLLM would refuse to start."""
    for use in plan.launch.flags:
        if use.dest is None:
            hint = f" (did you mean {use.suggestion}?)" if use.suggestion else ""
            yield warning(
                "unknown-flag",
                f"{use.spelling} is not a vllm serve flag in vLLM 0.18.0{hint}: argparse rejects the whole line",
                evidence=f"flag {use.spelling}" + (f" {use.value}" if use.value else ""),
                fix=f"use {use.suggestion}" if use.suggestion else f"remove {use.spelling}",
            )


@rule("invalid-flag-value", group="flags")
def invalid_flag_value(plan):
    """A flag value that cannot parse (bad JSON in --compilation-config, a non-number …)."""
    for spelling, raw, reason in plan.options.invalid:
        shown = raw if len(raw) <= 60 else raw[:57] + "..."
        yield error(
            "invalid-flag-value",
            f"{spelling} {shown!r}: {reason}",
            evidence=f"flag {spelling}",
            fix=f"give {spelling} a valid value (JSON flags need a quoted JSON object)",
        )


@rule("shell-continuation-broken", "flag-value-missing", "duplicate-flag", group="flags")
def launch_parse_issues(plan):
    """What the command parser noticed: a broken `\\ ` continuation, a flag missing its value, a flag given twice."""
    for issue in getattr(plan.launch, "issues", []) or []:
        sev = Severity.ERROR if issue.code == "flag-value-missing" else Severity.WARNING
        yield Finding(issue.code, sev, issue.message, issue.evidence, getattr(issue, "fix", "") or _FIXES.get(issue.code, ""))


_FIXES = {
    "shell-continuation-broken": "remove the space after the backslash so the line continues",
    "flag-value-missing": "give the flag its value",
    "duplicate-flag": "keep one of them: the last one wins",
}
