from tests.releases.helpers import codes, make_plan
from wizard.rules.release import known_bad_versions

Q = "quay.io/ascend/vllm-ascend"


def test_cann_beta_with_w8a8():
    host = {"sim": "300i-duo-96g:1", "image": f"{Q}:v0.23.0rc1-310p", "versions": {"cann": "9.1.0-beta.1"},
            "packages": {"vllm-ascend": "0.23.0rc1", "torch-npu": "2.10.0.post2"}}
    [finding] = known_bad_versions(make_plan(host=host, flags={"quantization": "ascend"}))
    assert finding.severity.value == "warning" and "17082" in finding.message
    assert "CANN 9.1.0-beta.1" in finding.evidence and "v0.23.0-310p" in finding.fix


def test_cann_inferred_from_the_image_and_quant_type():
    plan = make_plan(image=f"{Q}:v0.21.0rc1-310p", quant_type="W8A8_DYNAMIC")
    [finding] = known_bad_versions(plan)
    assert "shipped in" in finding.evidence
    assert codes(known_bad_versions(make_plan(image=f"{Q}:v0.21.0rc1-310p", quant_type="W8A8SC"))) == []


def test_v0191_graph_mode_with_quantized_weights():
    plan = make_plan(release="v0.19.1rc1", quant_type="W8A8S")
    assert [f.data["id"] for f in known_bad_versions(plan)] == ["v0.19.1-graph-quant-nz"]
    eager = make_plan(release="v0.19.1rc1", quant_type="W8A8S", flags={"enforce_eager": None})
    assert codes(known_bad_versions(eager)) == []


def test_seed_stack_is_clean():
    host = {"sim": "300i-duo-96g:1", "image": f"{Q}:v0.18.0-310p", "versions": {"cann": "9.0.0"},
            "packages": {"vllm-ascend": "0.18.0", "torch-npu": "2.9.0.post2", "vllm": "0.18.0"}}
    assert codes(known_bad_versions(make_plan(host=host, quant_type="W8A8SC", flags={"quantization": "ascend"}))) == []
