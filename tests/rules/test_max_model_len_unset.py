"""max-model-len-unset: vLLM then takes the model's full context, and the mask grows with its square."""


from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.memory import max_model_len_unset

NO_LEN = {" --max-model-len 16384": ""}
LINE = "vllm serve $MODEL --dtype float16 --host 127.0.0.1 --enforce-eager --no-enable-prefix-caching"
SHORT_MODEL = {"config": "Qwen3-8B", "config_overrides": {"max_position_embeddings": 8192}}


def test_qwen3_8b_default_40960_does_not_fit():
    plan = make_plan(replace=NO_LEN)
    [f] = run(max_model_len_unset, plan)
    assert_well_formed(f, "max-model-len-unset", "error", "default 40960", "does not fit")
    assert f.evidence == "--max-model-len not given" and "--max-model-len 16384" in f.fix
    assert {"max-model-len-unset", "mask-exceeds-memory"} <= checked_codes(plan)


def test_a_default_that_fits_is_a_warning(tmp_path):
    [f] = run(max_model_len_unset, make_plan(command=LINE, model_dir=SHORT_MODEL, tmp_path=tmp_path))
    assert_well_formed(f, "max-model-len-unset", "warning", "default 8192", "never omit it")


def test_given_is_fine():
    assert run(max_model_len_unset, make_plan()) == []


def test_fix_never_exceeds_the_model_context(tmp_path):
    [f] = run(max_model_len_unset, make_plan(command=LINE, model_dir=SHORT_MODEL, tmp_path=tmp_path))
    assert "16384" not in f.fix and "8192" in f.fix


def test_fix_says_how_far_the_context_could_go():
    [f] = run(max_model_len_unset, make_plan(replace=NO_LEN))
    assert "--max-model-len 16384 (the seed tutorial's value; up to " in f.fix
