"""ascend-env-not-310p: A2/A3 VLLM_ASCEND_ENABLE_* switches copied onto a 310P server."""

from tests.rules.plans import make_plan, run
from wizard.rules.ascend import ascend_env_not_310p


def test_flashcomm1_on_310p_is_a_warning():
    [f] = run(ascend_env_not_310p, make_plan(env={"VLLM_ASCEND_ENABLE_FLASHCOMM1": "1"}))
    assert f.severity.value == "warning" and "VLLM_ASCEND_ENABLE_FLASHCOMM1=1" in f.message
    assert f.fix == "unset VLLM_ASCEND_ENABLE_FLASHCOMM1"


def test_misspelled_switch_has_no_effect():
    [f] = run(ascend_env_not_310p, make_plan(env={"VLLM_ASCEND_ENABLE_FLASHCOM1": "1"}))
    assert "not read" in f.message and "did you mean" in f.message


def test_switched_off_or_absent_is_quiet():
    assert run(ascend_env_not_310p, make_plan(env={"VLLM_ASCEND_ENABLE_FLASHCOMM1": "0"})) == []
    assert run(ascend_env_not_310p, make_plan()) == []
