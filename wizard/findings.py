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


def shorten(text: str, limit: int = 200) -> str:
    """`text` cut in the middle to about `limit` characters, saying how much was cut: a value the
    user gave (a 100k-character model name, a path) must not flood a one-line message."""
    text = str(text)
    if len(text) <= limit:
        return text
    head, tail = limit * 2 // 3, limit // 3
    return f"{text[:head]}…[{len(text) - head - tail} characters cut]…{text[-tail:]}"


#: the longest a finding's text may be; real ones are a line or two (evidence: a few log lines)
_FIELD_LIMITS = {"message": 1000, "evidence": 2000, "fix": 1000}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    evidence: str = ""
    fix: str = ""
    data: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        # a rule quoting a user's value (a 100k-character model name) must not flood the report
        for name, limit in _FIELD_LIMITS.items():
            value = getattr(self, name)
            if isinstance(value, str) and len(value) > limit:
                object.__setattr__(self, name, shorten(value, limit))

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


#: the longest InputError message: long values are shortened where they are quoted, this is the net
MAX_INPUT_ERROR_CHARS = 1000


class InputError(Exception):
    """Unusable input (unreadable profile/host file, unparseable command): exit code 2, one line.

    The message is forced onto one line and bounded, whatever the value it quotes."""

    def __init__(self, message: object = "") -> None:
        text = " ".join(str(message).split("\n")).strip()
        super().__init__(shorten(text, MAX_INPUT_ERROR_CHARS))
