"""quantization-flag-mismatch: --quantization ascend ⇔ a quant_model_description.json."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.model import quantization_flag_mismatch

LINE = "vllm serve $MODEL --dtype float16 --max-model-len 16384 --host 127.0.0.1 --no-enable-prefix-caching --enforce-eager"


def test_ascend_flag_on_float_weights(tmp_path):
    plan = make_plan(command=LINE + " --quantization ascend", tmp_path=tmp_path, model_dir={"config": "Qwen3-8B"})
    [f] = run(quantization_flag_mismatch, plan)
    assert_well_formed(f, "quantization-flag-mismatch", "error", str(tmp_path / "model"), "quant_model_description.json")
    assert f.evidence == "flag --quantization ascend" and "drop --quantization ascend" in f.fix
    assert "quantization-flag-mismatch" in checked_codes(plan)


def test_description_with_another_method(tmp_path):
    plan = make_plan(command=LINE + " --quantization torchao", tmp_path=tmp_path,
                     model_dir={"config": "Qwen3-8B", "quant": "W8A8S"})
    [f] = run(quantization_flag_mismatch, plan)
    assert "W8A8S" in f.message and "--quantization torchao" in f.message and f.fix == "use --quantization ascend"


def test_matching_pairs_are_fine(tmp_path):
    assert run(quantization_flag_mismatch, make_plan(command=LINE + " --quantization ascend", tmp_path=tmp_path / "q",
                                                     model_dir={"config": "Qwen3-8B", "quant": "W8A8S"})) == []
    assert run(quantization_flag_mismatch, make_plan(command=LINE, tmp_path=tmp_path / "f",
                                                     model_dir={"config": "Qwen3-8B"})) == []
    assert run(quantization_flag_mismatch, make_plan()) == []  # hub id: folder not here, nothing to compare
