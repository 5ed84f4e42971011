"""description-file-misnamed: vllm-ascend reads only quant_model_description.json."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.model import description_file_misnamed

LINE = ("vllm serve $MODEL --dtype float16 --max-model-len 16384 --host 127.0.0.1 --no-enable-prefix-caching "
        "--enforce-eager --quantization ascend")


def test_w8a8s_suffix_name(tmp_path):
    plan = make_plan(command=LINE, tmp_path=tmp_path, model_dir={
        "config": "Qwen3-8B", "quant": "W8A8S", "description_file": "quant_model_description_w8a8s.json"})
    [f] = run(description_file_misnamed, plan)
    assert_well_formed(f, "description-file-misnamed", "error", "quant_model_description_w8a8s.json")
    folder = tmp_path / "model"
    assert f.evidence == f"file {folder}/quant_model_description_w8a8s.json"
    assert f.fix == f"cp {folder}/quant_model_description_w8a8s.json {folder}/quant_model_description.json"
    codes = checked_codes(plan)
    assert "description-file-misnamed" in codes and "quantization-flag-mismatch" not in codes


def test_exact_name_is_fine(tmp_path):
    plan = make_plan(command=LINE, tmp_path=tmp_path, model_dir={"config": "Qwen3-8B", "quant": "W8A8S"})
    assert run(description_file_misnamed, plan) == []
