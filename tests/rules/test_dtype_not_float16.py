"""dtype-not-float16: 310P has no bf16; `auto` takes the checkpoint's dtype."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.options import dtype_not_float16


def test_explicit_bfloat16():
    plan = make_plan(replace={"--dtype float16": "--dtype bfloat16"})
    [f] = run(dtype_not_float16, plan)
    assert_well_formed(f, "dtype-not-float16", "error", "bfloat16")
    assert f.evidence == "flag --dtype bfloat16" and f.fix == "add --dtype float16"
    assert "dtype-not-float16" in checked_codes(plan)


def test_auto_resolves_to_the_catalog_bf16():
    [f] = run(dtype_not_float16, make_plan(replace={" --dtype float16": ""}))
    assert f.severity.value == "error" and "bfloat16" in f.message and "torch_dtype = bfloat16" in f.evidence


def test_auto_with_unknown_model_dtype_is_a_warning():
    [f] = run(dtype_not_float16, make_plan(replace={" --dtype float16": "", "Eco-Tech/Qwen3-8B-w8a8s-310": "acme/Mystery-13B"}))
    assert_well_formed(f, "dtype-not-float16", "warning", "dtype unknown")


def test_float16_spellings_and_fp16_checkpoint(tmp_path):
    assert run(dtype_not_float16, make_plan()) == []
    assert run(dtype_not_float16, make_plan(replace={"--dtype float16": "--dtype half"})) == []
    plan = make_plan(command="vllm serve $MODEL --max-model-len 16384", tmp_path=tmp_path,
                     model_dir={"config": "Qwen3-8B", "config_overrides": {"torch_dtype": "float16"}})
    assert run(dtype_not_float16, plan) == []
