"""max-model-len-exceeds-model: above max_position_embeddings (× rope scaling)."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.memory import max_model_len_exceeds_model

LINE = "vllm serve $MODEL --dtype float16 --host 127.0.0.1 --enforce-eager --max-model-len {}"
YARN = {"config": "Qwen3-8B", "config_overrides": {
    "rope_scaling": {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}}}


def test_65536_on_qwen3_8b():
    plan = make_plan(replace={"16384": "65536"})
    [f] = run(max_model_len_exceeds_model, plan)
    assert_well_formed(f, "max-model-len-exceeds-model", "error", "65536", "40960")
    assert "flag --max-model-len 65536" in f.evidence and "built-in catalog" in f.evidence
    # the model allows 40960, but on a 48 GB chip at 0.90 the mask fits less: the fix names what fits
    assert f.fix == "use --max-model-len 19456 (the model allows 40960; this chip fits 19456)"
    assert "max-model-len-exceeds-model" in checked_codes(plan)


def test_yarn_scales_the_original_context(tmp_path):
    [f] = run(max_model_len_exceeds_model, make_plan(command=LINE.format(140000), model_dir=YARN, tmp_path=tmp_path / "a"))
    assert "131072" in f.message and "rope factor 4.0" in f.message and "config.json" in f.evidence
    assert run(max_model_len_exceeds_model, make_plan(command=LINE.format(131072), model_dir=YARN, tmp_path=tmp_path / "b")) == []


def test_within_the_model_context():
    assert run(max_model_len_exceeds_model, make_plan()) == []
    assert run(max_model_len_exceeds_model, make_plan(replace={"16384": "40960"})) == []


def test_fix_is_the_model_limit_when_the_chip_fits_more(tmp_path):
    small = {"config": "Qwen3-8B", "config_overrides": {"max_position_embeddings": 8192}}
    [f] = run(max_model_len_exceeds_model, make_plan(command=LINE.format(9000), model_dir=small, tmp_path=tmp_path))
    assert f.fix == "use --max-model-len 8192 or less"
