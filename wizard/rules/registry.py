"""The rule registry: small pure checks `(plan) -> findings`, each owning one or more codes.

Add a rule: write a function in the module of its group, decorate it with `@rule(...)`, give it
a docstring whose first line is the user-facing summary (`duowiz rules` prints it), and add
`tests/rules/test_<code>.py`. Rules never do I/O: everything they read is already in the Plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from wizard.findings import Finding

if TYPE_CHECKING:
    from wizard.plan import Plan

RuleFunc = Callable[["Plan"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    name: str
    group: str
    codes: tuple[str, ...]
    func: RuleFunc
    #: per-code one-liners for rules that own several codes (else the docstring's first line)
    docs: tuple[tuple[str, str], ...] = ()

    @property
    def summary(self) -> str:
        doc = (self.func.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""

    def summary_for(self, code: str) -> str:
        return dict(self.docs).get(code, self.summary)


RULES: list[Rule] = []


def rule(*codes: str, group: str, docs: dict[str, str] | None = None) -> Callable[[RuleFunc], RuleFunc]:
    def register(func: RuleFunc) -> RuleFunc:
        RULES.append(Rule(func.__name__, group, tuple(codes), func, tuple((docs or {}).items())))
        return func

    return register


def all_rules() -> list[Rule]:
    import wizard.rules  # noqa: F401  (imports every rule module, which registers them)

    return list(RULES)


def rules_for(code: str) -> list[Rule]:
    return [r for r in all_rules() if code in r.codes]


def run_rules(plan: "Plan", only: Iterable[str] | None = None) -> list[Finding]:
    """Run every registered rule (or those owning `only` codes) and collect their findings."""
    wanted = set(only) if only else None
    findings: list[Finding] = []
    for r in all_rules():
        if wanted is not None and not wanted.intersection(r.codes):
            continue
        findings.extend(r.func(plan))
    return findings
