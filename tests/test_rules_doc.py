"""docs/rules.md is generated from the registry and must be current; every reference code exists."""

from __future__ import annotations

from pathlib import Path

from wizard.cli.rules_doc import REFERENCE_CODES, render
from wizard.rules.registry import all_rules

REPO = Path(__file__).resolve().parents[1]


def test_rules_doc_is_current():
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == render(), (
        "run: python -m wizard.cli.rules_doc > docs/rules.md"
    )


def test_every_reference_code_has_a_rule():
    codes = {c for r in all_rules() for c in r.codes}
    missing = REFERENCE_CODES - codes - {"port-in-use"} | (REFERENCE_CODES & {"port-in-use"} - codes)
    assert not missing, f"codes of shared/reference/rules.md without a rule: {sorted(missing)}"


def test_every_rule_has_a_summary_and_a_test_file():
    for r in all_rules():
        assert r.summary, f"{r.name} has no docstring"
    tests = {p.stem for p in (REPO / "tests" / "rules").glob("test_*.py")}
    untested = [c for r in all_rules() for c in r.codes if f"test_{c.replace('-', '_')}" not in tests]
    assert not untested, f"codes without tests/rules/test_<code>.py: {untested}"
