"""sharded-state-tp-mismatch: W8A8SC rank files must be exactly {0..TP−1}."""

from tests.rules.plans import SC_32B_DIR, SEED_32B_TP4, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.model import sharded_state_tp_mismatch

TWO_CARDS = "sim:300i-duo-96g:2"


def test_tp2_on_tp4_rank_files(tmp_path):
    plan = make_plan(command=SEED_32B_TP4, host=TWO_CARDS, model_dir=SC_32B_DIR, tmp_path=tmp_path,
                     replace={"--tensor-parallel-size 4": "--tensor-parallel-size 2"})
    [f] = run(sharded_state_tp_mismatch, plan)
    assert_well_formed(f, "sharded-state-tp-mismatch", "error", "compressed for TP 4", "uses TP 2", "silently wrong")
    assert "model-rank-{0,1,2,3}" in f.evidence
    assert "--tensor-parallel-size 4" in f.fix and "duowiz compress --tp 2" in f.fix
    assert "sharded-state-tp-mismatch" in checked_codes(plan)


def test_tp4_on_a_tp2_name():
    plan = make_plan(command=SEED_32B_TP4.replace("$MODEL", "/models/Qwen3-32B-w8a8sc-310-tp2"), host=TWO_CARDS)
    [f] = run(sharded_state_tp_mismatch, plan)
    assert "compressed for TP 2" in f.message and "Could not find checkpoint files" in f.message
    assert "inferred from the name" in f.evidence


def test_seed_tp4_on_tp4_rank_files(tmp_path):
    plan = make_plan(command=SEED_32B_TP4, host=TWO_CARDS, model_dir=SC_32B_DIR, tmp_path=tmp_path)
    assert run(sharded_state_tp_mismatch, plan) == []


def test_ranks_copied_from_a_tp4_folder_for_tp2(tmp_path):
    """Ranks {0,1} of a TP4 compression look complete for TP 2; the tensor shapes say otherwise."""
    make_plan(command=SEED_32B_TP4, host=TWO_CARDS, model_dir=SC_32B_DIR, tmp_path=tmp_path)
    folder = tmp_path / "model"
    for rank in (2, 3):
        (folder / f"model-rank-{rank}-part-0.safetensors").unlink()
    plan = make_plan(command=SEED_32B_TP4.replace("$MODEL", str(folder)), host=TWO_CARDS,
                     replace={"--tensor-parallel-size 4": "--tensor-parallel-size 2"})
    [f] = run(sharded_state_tp_mismatch, plan)
    assert_well_formed(f, "sharded-state-tp-mismatch", "error", "named for TP 2", "cut for TP 4")
    assert "rank-0 tensor shapes" in f.evidence and "duowiz compress --tp 2" in f.fix


def test_thousands_of_rank_files_do_not_flood_the_evidence():
    from wizard.rules.model import _ranges

    assert _ranges([0, 1, 2, 3]) == "0,1,2,3"
    assert _ranges(list(range(5000))) == "0..4999"
    assert _ranges(list(range(10)) + [99]) == "0..9,99"
