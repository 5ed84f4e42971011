from tests.releases.helpers import codes, make_plan
from wizard.rules.release import arch_unsupported_on_release

Q = "quay.io/ascend/vllm-ascend"


def test_qwen3_moe_on_an_old_release():
    plan = make_plan(image=f"{Q}:v0.10.0rc1-310p", model_type="qwen3_moe", architectures=["Qwen3MoeForCausalLM"])
    [finding] = arch_unsupported_on_release(plan)
    assert finding.code == "arch-unsupported-on-release" and "v0.10.0rc1" in finding.message
    assert "1813" in finding.evidence


def test_shared_expert_moe_on_v018_and_the_upgrade():
    plan = make_plan(image=f"{Q}:v0.18.0-310p-openeuler", model_type="qwen3_5_moe",
                     architectures=["Qwen3_5MoeForConditionalGeneration"])
    [finding] = arch_unsupported_on_release(plan)
    assert "v0.23.0rc1-310p" in finding.fix


def test_name_hint_when_no_config():
    plan = make_plan(release="v0.17.0rc1", model="/models/Qwen3.5-4B")
    [finding] = arch_unsupported_on_release(plan)
    assert "inferred from the model name" in finding.evidence


def test_supported_and_experimental():
    assert codes(arch_unsupported_on_release(make_plan(release="v0.18.0", model_type="qwen3"))) == []
    assert codes(arch_unsupported_on_release(make_plan(release="v0.18.0", model_type="qwen3_moe"))) == [
        "arch-experimental-on-release"]
    assert codes(arch_unsupported_on_release(make_plan(release="v0.23.0", model_type="qwen3_5_moe"))) == []


def test_unknown_release_or_architecture_gives_no_verdict():
    assert codes(arch_unsupported_on_release(make_plan(model_type="qwen3_5_moe"))) == []
    assert codes(arch_unsupported_on_release(make_plan(release="v0.18.0", model_type="llama"))) == []
