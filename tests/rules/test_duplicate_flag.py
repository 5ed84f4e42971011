"""duplicate-flag: the same flag twice with different values (the last one wins)."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.cmdline import launch_parse_issues


def test_two_max_model_lens():
    plan = make_plan(replace={"--max-model-len 16384": "--max-model-len 16384 --max-model-len 8192"})
    [f] = run(launch_parse_issues, plan)
    assert_well_formed(f, "duplicate-flag", "warning", "--max-model-len", "2 times", "the last one: 8192")
    assert "16384" in f.evidence and "8192" in f.evidence and "last one wins" in f.fix
    assert plan.options.max_model_len == 8192
    assert "duplicate-flag" in checked_codes(plan)


def test_same_value_under_two_spellings_is_fine():
    plan = make_plan(replace={"--max-model-len 16384": "--max-model-len 16384 --max_model_len 16384"})
    assert run(launch_parse_issues, plan) == []
