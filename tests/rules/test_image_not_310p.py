from tests.releases.helpers import codes, make_plan
from wizard.rules.release import image_not_310p

Q = "quay.io/ascend/vllm-ascend"


def test_a2_image_on_a_310p_host():
    plan = make_plan(host={"sim": "300i-duo-96g:1", "image": f"{Q}:v0.10.0rc1-openeuler"})
    [finding] = image_not_310p(plan)
    assert finding.code == "image-not-310p" and finding.severity.value == "error"
    assert f"{Q}:v0.10.0rc1-openeuler" in finding.evidence
    assert f"{Q}:v0.10.0rc1-310p" in finding.fix


def test_310p_image_is_fine():
    assert codes(image_not_310p(make_plan(image=f"{Q}:v0.18.0-310p-openeuler"))) == []


def test_non_310p_host_is_not_judged():
    plan = make_plan(host={"chips": [{"logic_id": 0, "memory_total_mb": 65536}], "family": "910b"},
                     image=f"{Q}:v0.18.0")
    assert codes(image_not_310p(plan)) == []
