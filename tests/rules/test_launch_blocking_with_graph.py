"""launch-blocking-with-graph: ASCEND_LAUNCH_BLOCKING=1 is rejected with any graph mode."""

from tests.rules.plans import SEED_8B, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.options import launch_blocking_with_graph


def test_env_prefix_on_the_seed_line():
    plan = make_plan(command="ASCEND_LAUNCH_BLOCKING=1 " + SEED_8B)
    [f] = run(launch_blocking_with_graph, plan)
    assert_well_formed(f, "launch-blocking-with-graph", "error", "FULL_DECODE_ONLY", "ASCEND_LAUNCH_BLOCKING=1")
    assert f.evidence == "env ASCEND_LAUNCH_BLOCKING=1" and "unset ASCEND_LAUNCH_BLOCKING" in f.fix
    assert "launch-blocking-with-graph" in checked_codes(plan)


def test_from_the_env_layer_too():
    assert len(run(launch_blocking_with_graph, make_plan(env={"ASCEND_LAUNCH_BLOCKING": "1"}))) == 1


def test_eager_or_zero_is_fine():
    assert run(launch_blocking_with_graph, make_plan(command="ASCEND_LAUNCH_BLOCKING=1 " + SEED_8B + " --enforce-eager")) == []
    assert run(launch_blocking_with_graph, make_plan(env={"ASCEND_LAUNCH_BLOCKING": "0"})) == []
