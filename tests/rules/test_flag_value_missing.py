"""flag-value-missing: a value-taking flag at the end of the command."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.cmdline import launch_parse_issues


def test_trailing_max_model_len():
    plan = make_plan(replace={"--max-model-len 16384": "--max-model-len"})
    [f] = [f for f in run(launch_parse_issues, plan) if f.code == "flag-value-missing"]
    assert_well_formed(f, "flag-value-missing", "error", "--max-model-len", "expected one argument")
    assert "line 1" in f.evidence and f.fix == "give the flag its value"
    assert "flag-value-missing" in checked_codes(plan)


def test_seed_line_has_every_value():
    assert run(launch_parse_issues, make_plan()) == []
