"""weights-layout-mindie: MindIE's part{r}-of-{N}/ W8A8SC layout is not loadable by vLLM."""

from tests.rules.plans import SEED_8B_SC, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.weights_folder import weights_layout_mindie


def test_mindie_parts_without_rank_files(tmp_path):
    make_plan(command=SEED_8B_SC, model_dir={"config": "Qwen3-8B", "quant": "W8A8SC"}, tmp_path=tmp_path)
    folder = tmp_path / "model"
    (folder / "part0-of-1").mkdir()
    plan = make_plan(command=SEED_8B_SC.replace("$MODEL", str(folder)))
    [f] = run(weights_layout_mindie, plan)
    assert_well_formed(f, "weights-layout-mindie", "error", "part0-of-1", "save_sharded_state_310.py")
    assert "duowiz compress" in f.fix and "--tp 1" in f.fix
    assert "weights-layout-mindie" in checked_codes(plan)


def test_vllm_rank_files_are_fine(tmp_path):
    plan = make_plan(command=SEED_8B_SC, model_dir={"config": "Qwen3-8B", "quant": "W8A8SC", "rank_files": 1},
                     tmp_path=tmp_path)
    assert run(weights_layout_mindie, plan) == []
