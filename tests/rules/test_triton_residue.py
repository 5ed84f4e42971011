"""triton-residue: a site-packages/triton folder no distribution owns."""

from tests.rules.plans import assert_well_formed, make_plan, run
from wizard.rules.host import triton_residue

WHERE = "/usr/local/lib/python3.11/site-packages/triton"


def test_residue_path_in_message_and_fix():
    [f] = run(triton_residue, make_plan(triton_residue=True, triton_residue_path=WHERE))
    assert_well_formed(f, "triton-residue", "error", WHERE)
    assert f.fix == f"rm -rf {WHERE}"


def test_no_residue():
    assert run(triton_residue, make_plan()) == []
