"""invalid-flag-value: a value that cannot parse (bad JSON, a non-number)."""


from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.cmdline import invalid_flag_value


def test_compilation_config_missing_its_closing_brace():
    plan = make_plan(replace={"16, 32]}'": "16, 32]'"})
    [f] = run(invalid_flag_value, plan)
    assert_well_formed(f, "invalid-flag-value", "error", "--compilation-config", "bad JSON", "char 86")
    assert f.evidence == "flag --compilation-config" and "valid value" in f.fix
    assert "invalid-flag-value" in checked_codes(plan)


def test_non_number_max_model_len():
    [f] = run(invalid_flag_value, make_plan(replace={"--max-model-len 16384": "--max-model-len lots"}))
    assert "--max-model-len 'lots'" in f.message


def test_seed_values_and_16k_suffix_parse():
    assert run(invalid_flag_value, make_plan()) == []
    assert run(invalid_flag_value, make_plan(replace={"--max-model-len 16384": "--max-model-len 16K"})) == []


def test_missing_value_is_left_to_flag_value_missing():
    plan = make_plan(replace={"--max-model-len 16384": "--max-model-len"})
    assert run(invalid_flag_value, plan) == []


def test_cudagraph_mode_that_is_not_a_mode():
    plan = make_plan(replace={'"cudagraph_mode": "FULL_DECODE_ONLY"': '"cudagraph_mode": "BOGUS"'})
    [f] = run(invalid_flag_value, plan)
    assert_well_formed(f, "invalid-flag-value", "error", "'BOGUS'", "FULL_DECODE_ONLY")


def test_lower_case_mode_is_accepted_as_vllm_does():
    plan = make_plan(replace={'"cudagraph_mode": "FULL_DECODE_ONLY"': '"cudagraph_mode": "full_decode_only"'})
    assert run(invalid_flag_value, plan) == []


def test_capture_sizes_that_are_not_numbers():
    plan = make_plan(replace={"[1, 2, 4, 8, 16, 32]": '"abc"'})
    [f] = run(invalid_flag_value, plan)
    assert_well_formed(f, "invalid-flag-value", "error", "cudagraph_capture_sizes 'abc'", "positive whole numbers")
    plan = make_plan(replace={"[1, 2, 4, 8, 16, 32]": "[1, 0, -4]"})
    assert [x.code for x in run(invalid_flag_value, plan)] == ["invalid-flag-value"]
