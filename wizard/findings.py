"""Findings: the one output type every rule, detector and log reader produces.

Codes are a public interface (JSON output, `--ignore`, docs): see docs/rules.md and
`duowiz rules`. A finding always says what is wrong with the numbers behind it, which input
said so (evidence) and what to do instead (fix).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """error = the plan will fail or serve wrong output; warning = likely trouble; info = a fact."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    evidence: str = ""
    fix: str = ""
    data: dict = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        out = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "evidence": self.evidence,
            "fix": self.fix,
        }
        if self.data:
            out["data"] = self.data
        return out


def error(code: str, message: str, evidence: str = "", fix: str = "", **data) -> Finding:
    return Finding(code, Severity.ERROR, message, evidence, fix, data)


def warning(code: str, message: str, evidence: str = "", fix: str = "", **data) -> Finding:
    return Finding(code, Severity.WARNING, message, evidence, fix, data)


def info(code: str, message: str, evidence: str = "", fix: str = "", **data) -> Finding:
    return Finding(code, Severity.INFO, message, evidence, fix, data)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.severity.rank, f.code))


class InputError(Exception):
    """Unusable input (unreadable profile/host file, unparseable command): exit code 2, one line."""
