"""hccl-aiv-unverified: HCCL_OP_EXPANSION_MODE=AIV is an A2/A3 recipe setting."""

from tests.rules.plans import SEED_8B, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.options import hccl_aiv_unverified


def test_aiv_prefix():
    plan = make_plan(command="HCCL_OP_EXPANSION_MODE=AIV " + SEED_8B)
    [f] = run(hccl_aiv_unverified, plan)
    assert_well_formed(f, "hccl-aiv-unverified", "warning", "HCCL_OP_EXPANSION_MODE=AIV")
    assert f.evidence == "env HCCL_OP_EXPANSION_MODE=AIV" and f.fix == "unset HCCL_OP_EXPANSION_MODE"
    assert "hccl-aiv-unverified" in checked_codes(plan)


def test_unset_or_other_mode_is_fine():
    assert run(hccl_aiv_unverified, make_plan()) == []
    assert run(hccl_aiv_unverified, make_plan(env={"HCCL_OP_EXPANSION_MODE": "HOST"})) == []
