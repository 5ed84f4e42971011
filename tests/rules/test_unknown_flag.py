"""unknown-flag: a flag vLLM 0.18.0 does not have (argparse rejects the line)."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.cmdline import unknown_flag


def test_misspelt_max_model_len_gets_a_suggestion():
    plan = make_plan(replace={"--max-model-len 16384": "--max-model-length 16384"})
    [f] = run(unknown_flag, plan)
    assert_well_formed(f, "unknown-flag", "warning", "--max-model-length", "vLLM 0.18.0", "did you mean --max-model-len?")
    assert f.evidence == "flag --max-model-length 16384" and f.fix == "use --max-model-len"
    assert "unknown-flag" in checked_codes(plan)


def test_seed_flags_and_underscore_spellings_are_known():
    assert run(unknown_flag, make_plan()) == []  # --gpu_memory_utilization, --served_model_name
