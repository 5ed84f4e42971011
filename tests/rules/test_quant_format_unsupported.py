"""quant-format-unsupported: compressed-tensors, fp8, AWQ, GPTQ, W4A8 … cannot run on 310P."""


from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.model import quant_format_unsupported

LINE = "vllm serve {} --dtype float16 --max-model-len 16384 --host 127.0.0.1 --no-enable-prefix-caching --enforce-eager"


def test_compressed_tensors_config(tmp_path):
    plan = make_plan(command=LINE.format("$MODEL"), tmp_path=tmp_path, model_dir={
        "config": "Qwen3-8B", "config_overrides": {"quantization_config": {"quant_method": "compressed-tensors"}}})
    [f] = run(quant_format_unsupported, plan)
    assert_well_formed(f, "quant-format-unsupported", "error", "compressed-tensors")
    assert f.evidence == "config.json quantization_config.quant_method = compressed-tensors"
    assert "--quantization ascend" in f.fix
    assert "quant-format-unsupported" in checked_codes(plan)


def test_awq_flag():
    [f] = run(quant_format_unsupported, make_plan(replace={"--quantization ascend": "--quantization awq"}))
    assert "awq quantization" in f.message and f.evidence == "flag --quantization awq"


def test_msmodelslim_formats_are_fine(tmp_path):
    assert run(quant_format_unsupported, make_plan()) == []  # W8A8S from the name
    plan = make_plan(command=LINE.format("$MODEL") + " --quantization ascend", tmp_path=tmp_path,
                     model_dir={"config": "Qwen3-8B", "quant": "W8A8"})
    assert run(quant_format_unsupported, plan) == []


def test_one_finding_per_checkpoint():
    assert len(run(quant_format_unsupported, make_plan(command=LINE.format("Qwen/Qwen3-8B-FP8")))) == 1
