"""w8a8sc-needs-sharded-state: W8A8SC rank files load only with --load_format sharded_state."""

from tests.rules.plans import SC_8B_DIR, SEED_8B_SC, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.model import w8a8sc_needs_sharded_state


def test_seed_sc_line_without_load_format(tmp_path):
    plan = make_plan(command=SEED_8B_SC, model_dir=SC_8B_DIR, tmp_path=tmp_path,
                     replace={' --load_format="sharded_state"': ""})
    [f] = run(w8a8sc_needs_sharded_state, plan)
    assert_well_formed(f, "w8a8sc-needs-sharded-state", "error", "got auto", "deq_scale")
    assert str(tmp_path / "model") in f.evidence and "sharded_state" in f.fix
    assert "w8a8sc-needs-sharded-state" in checked_codes(plan)


def test_seed_sc_line_and_w8a8s_are_fine(tmp_path):
    assert run(w8a8sc_needs_sharded_state, make_plan(command=SEED_8B_SC, model_dir=SC_8B_DIR, tmp_path=tmp_path)) == []
    assert run(w8a8sc_needs_sharded_state, make_plan()) == []
