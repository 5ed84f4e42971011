"""check_plan: run the rules over a Plan and return a Report — the one API every front-end uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from wizard.findings import Finding, Severity, sort_findings
from wizard.plan import Plan
from wizard.rules.registry import run_rules

#: Version of the `--json` document (docs/json-schema.md). Bump on incompatible changes.
JSON_SCHEMA_VERSION = 1


@dataclass
class Report:
    plan: Plan
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    @property
    def verdict(self) -> str:
        if self.errors:
            return "errors"
        return "warnings" if self.warnings else "ok"

    def exit_code(self, strict: bool = False) -> int:
        if self.errors or (strict and self.warnings):
            return 1
        return 0


def check_plan(plan: Plan, ignore: set[str] | frozenset[str] = frozenset()) -> Report:
    """Every finding for this plan, most severe first; `ignore` drops codes (like a linter)."""
    findings = [f for f in run_rules(plan) if f.code not in ignore]
    return Report(plan, sort_findings(_dedupe(findings)))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    out = []
    for f in findings:
        key = (f.code, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def parse_ignored_codes(items: list[str]) -> set[str]:
    """`--ignore` values (repeatable, comma-separated), each a known code: a typo would
    silently ignore nothing, so it is an input error with a did-you-mean."""
    import difflib

    from wizard.cli.rules_doc import RUNTIME_CODES
    from wizard.findings import InputError
    from wizard.rules.registry import all_rules

    known = {c for r in all_rules() for c in r.codes} | set(RUNTIME_CODES)
    codes = {code.strip() for item in items for code in item.split(",") if code.strip()}
    for code in sorted(codes - known):
        close = difflib.get_close_matches(code, sorted(known), n=1)
        raise InputError(f"--ignore {code}: no such finding code" + (f" (did you mean {close[0]}?)" if close else "; see `duowiz rules`"))
    return codes
