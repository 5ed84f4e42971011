from tests.releases.helpers import codes, make_plan
from wizard.rules.release import stack_version_mismatch

Q = "quay.io/ascend/vllm-ascend"


def _host(cann=None, torch_npu=None, vllm=None, ascend="0.18.0"):
    packages = {"vllm-ascend": ascend}
    if torch_npu:
        packages["torch-npu"] = torch_npu
    if vllm:
        packages["vllm"] = vllm
    return {"sim": "300i-duo-96g:1", "image": f"{Q}:v0.18.0-310p", "packages": packages,
            "versions": {"cann": cann} if cann else {}}


def test_documented_pairings_are_clean():
    assert codes(stack_version_mismatch(make_plan(host=_host("9.0.0", "2.9.0.post2", "0.18.0")))) == []
    assert codes(stack_version_mismatch(make_plan(host=_host("8.5.1", "2.9.0.post1+git4c901a4")))) == []
    assert codes(stack_version_mismatch(make_plan(host=_host("9.0.0")))) == []


def test_cann_9_with_old_torch_npu():
    [finding] = stack_version_mismatch(make_plan(host=_host("9.0.0", "2.9.0.post1")))
    assert "CANN 9.0.0 + torch_npu 2.9.0.post2" in finding.message
    assert "torch_npu==2.9.0.post2" in finding.fix


def test_wrong_vllm_and_package_vs_image():
    found = list(stack_version_mismatch(make_plan(host=_host(vllm="0.17.0", ascend="0.17.0rc1"))))
    assert len(found) == 2
    assert any("vLLM 0.17.0" in f.message for f in found)
    assert any("0.17.0rc1 is installed" in f.message for f in found)


def test_unknown_versions_say_nothing():
    assert codes(stack_version_mismatch(make_plan(image=f"{Q}:v0.18.0-310p"))) == []
