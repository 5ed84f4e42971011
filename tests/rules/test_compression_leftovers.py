"""compression-leftovers: the remains of an interrupted compression beside W8A8SC rank files."""

from tests.rules.plans import SC_8B_DIR, SEED_8B_SC, assert_well_formed, damaged_plan, make_plan, run
from wizard.rules.weights_folder import compression_incomplete


def _plan(tmp_path, damage):
    return damaged_plan(SEED_8B_SC, SC_8B_DIR, tmp_path, damage)


def test_leftovers_of_an_interrupted_run(tmp_path):
    def leftovers(folder):
        (folder / "4242").mkdir()
        (folder / "ori_quant_model_description.json").write_text("{}")
    [f] = run(compression_incomplete, _plan(tmp_path, leftovers))
    assert_well_formed(f, "compression-leftovers", "warning", "4242/", "ori_quant_model_description.json")


def test_leftovers_beside_a_plain_checkpoint_are_not_reported(tmp_path):
    make_plan(command=SEED_8B_SC, model_dir={"config": "Qwen3-8B"}, tmp_path=tmp_path)
    (tmp_path / "model" / "parameters_type_map.json").write_text("{}")
    plan = make_plan(command=SEED_8B_SC.replace("$MODEL", str(tmp_path / "model")))
    assert run(compression_incomplete, plan) == []
