"""option-unsupported-on-310p: LoRA, KV transfer, MLA models, early pooling, enable_npugraph_ex true."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.ascend import option_unsupported_on_310p

NPUGRAPH = {'"fuse_norm_quant": false': '"fuse_norm_quant": false, "enable_npugraph_ex": true'}


def test_lora_and_kv_transfer():
    plan = make_plan(replace={"--quantization ascend": """--quantization ascend --enable-lora --kv-transfer-config '{"kv_connector": "X", "kv_role": "kv_producer"}'"""})
    lora, kv = run(option_unsupported_on_310p, plan)
    assert_well_formed(lora, "option-unsupported-on-310p", "error", "LoRA")
    assert lora.evidence == "flag --enable-lora" and "drop --enable-lora" in lora.fix
    assert "KV transfer" in kv.message and "drop --kv-transfer-config" in kv.fix
    assert "option-unsupported-on-310p" in checked_codes(plan)


def test_mla_model(tmp_path):
    plan = make_plan(command="vllm serve $MODEL --dtype float16 --max-model-len 8192 --enforce-eager", tmp_path=tmp_path,
                     model_dir={"config_json": {"model_type": "deepseek_v2", "architectures": ["DeepseekV2ForCausalLM"]}})
    [f] = run(option_unsupported_on_310p, plan)
    assert "deepseek_v2" in f.message and f.evidence and "standard attention" in f.fix


def test_pooling_before_v0_20_2rc1():
    [f] = run(option_unsupported_on_310p, make_plan(replace={"--quantization ascend": "--quantization ascend --runner pooling"}))
    assert "v0.20.2rc1" in f.message and "0.18.0" in f.message and f.evidence == "flag --runner pooling"


def test_npugraph_ex_true_by_release():
    [err] = run(option_unsupported_on_310p, make_plan(replace=NPUGRAPH, release="0.23.0rc1"))
    assert err.severity.value == "error" and "enable_npugraph_ex" in err.message
    [warn] = run(option_unsupported_on_310p, make_plan(replace=NPUGRAPH, release="0.23.0"))
    assert warn.severity.value == "warning" and "forces it off" in warn.message and warn.fix == "drop enable_npugraph_ex"


def test_seed_and_v018_npugraph_default_are_fine():
    assert run(option_unsupported_on_310p, make_plan()) == []
    assert run(option_unsupported_on_310p, make_plan(replace=NPUGRAPH)) == []  # v0.18.0 tutorial runs with it on
    assert run(option_unsupported_on_310p, make_plan(replace={"--quantization ascend": "--quantization ascend --runner pooling"},
                                                     release="0.20.2rc1")) == []
