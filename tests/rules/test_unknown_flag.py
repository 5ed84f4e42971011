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


def test_a_duowiz_option_after_the_double_dash_is_told_where_it_belongs():
    from tests.rules.plans import make_plan, run
    from wizard.rules.cmdline import unknown_flag

    [f] = run(unknown_flag, make_plan(replace={"--max-model-len 16384": "--max-model-len 16384 --json"}))
    assert "a duowiz check option: put it before `--`" in f.message


def test_check_options_list_matches_the_cli():
    import argparse

    from wizard.cli.check import add_arguments
    from wizard.rules.cmdline import CHECK_OPTIONS

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    cli = {s for a in parser._actions for s in a.option_strings if s.startswith("--") and s != "--help"}
    assert CHECK_OPTIONS == cli - {"--host"}  # --host is a vllm serve flag too
