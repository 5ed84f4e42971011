"""compression-target-misnamed: compressing for TP 2 into a folder named `-tp4`."""

from tests.rules.plans import assert_well_formed, run
from wizard.assemble import plan_from_profile
from wizard.host.sim import simulated_host
from wizard.profile import load_profile
from wizard.rules.model import compression_target_misnamed


def _plan(tp: int):
    profile = load_profile("qwen3-32b-w8a8sc-tp4")
    serve = {**profile.serve, "tensor_parallel_size": tp}
    return plan_from_profile(profile.model_copy(update={"serve": serve}), simulated_host("sim:300i-duo-96g:2"))


def test_tp2_into_a_tp4_name():
    [f] = run(compression_target_misnamed, _plan(2))
    assert_well_formed(f, "compression-target-misnamed", "warning", "TP 2", "says TP 4")
    assert f.fix.endswith("/models/Qwen3-32B-w8a8sc-310-vllm-tp2")


def test_the_shipped_profile_is_named_right():
    assert run(compression_target_misnamed, _plan(4)) == []
