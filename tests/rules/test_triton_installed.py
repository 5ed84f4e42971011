"""triton-installed: triton / triton-ascend has no 310P target."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.host import triton_installed


def test_triton_ascend_installed():
    plan = make_plan(packages={"triton-ascend": "3.2.0"})
    [f] = run(triton_installed, plan)
    assert_well_formed(f, "triton-installed", "error", "triton-ascend 3.2.0")
    assert f.fix.startswith("pip uninstall -y triton triton-ascend")
    assert "triton-installed" in checked_codes(plan)


def test_seed_packages_have_no_triton():
    assert run(triton_installed, make_plan()) == []
    assert run(triton_installed, make_plan(packages={"tritonclient": "2.50.0"})) == []
