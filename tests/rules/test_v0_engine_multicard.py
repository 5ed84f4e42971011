from tests.releases.helpers import codes, make_plan
from wizard.rules.release import v0_engine_multicard


def test_v0_release_with_tp2():
    [finding] = v0_engine_multicard(make_plan(release="v0.9.1rc1", flags={"tensor_parallel_size": "2"}))
    assert finding.severity.value == "warning" and "VLLM_USE_V1=1" in finding.fix


def test_v1_env_tp1_or_v1_release():
    assert codes(v0_engine_multicard(make_plan(release="v0.9.1rc1", flags={"tensor_parallel_size": "2"},
                                               env={"VLLM_USE_V1": "1"}))) == []
    assert codes(v0_engine_multicard(make_plan(release="v0.9.1rc1"))) == []
    assert codes(v0_engine_multicard(make_plan(release="v0.10.0rc1", flags={"tensor_parallel_size": "2"}))) == []
