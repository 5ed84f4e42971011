"""weights-file-unreadable: a truncated or corrupt safetensors file fails vLLM at load time."""

from tests.rules.plans import SC_32B_DIR, SEED_32B_TP4, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.weights_folder import weights_file_unreadable

TWO_CARDS = "sim:300i-duo-96g:2"


def test_truncated_rank_file(tmp_path):
    plan = make_plan(command=SEED_32B_TP4, host=TWO_CARDS, model_dir=SC_32B_DIR, tmp_path=tmp_path)
    rank2 = tmp_path / "model" / "model-rank-2-part-0.safetensors"
    rank2.write_bytes(rank2.read_bytes()[:100])
    plan = make_plan(command=SEED_32B_TP4.replace("$MODEL", str(tmp_path / "model")), host=TWO_CARDS)
    [f] = run(weights_file_unreadable, plan)
    assert_well_formed(f, "weights-file-unreadable", "error", "1 safetensors file(s)", "model-rank-2-part-0.safetensors")
    assert "duowiz compress" in f.fix
    assert "weights-file-unreadable" in checked_codes(plan)


def test_garbage_file(tmp_path):
    make_plan(command=SEED_32B_TP4, host=TWO_CARDS, model_dir=SC_32B_DIR, tmp_path=tmp_path)
    (tmp_path / "model" / "model-rank-0-part-0.safetensors").write_bytes(b"\xff" * 64)
    plan = make_plan(command=SEED_32B_TP4.replace("$MODEL", str(tmp_path / "model")), host=TWO_CARDS)
    assert [f.code for f in run(weights_file_unreadable, plan)] == ["weights-file-unreadable"]


def test_valid_rank_files_are_fine(tmp_path):
    plan = make_plan(command=SEED_32B_TP4, host=TWO_CARDS, model_dir=SC_32B_DIR, tmp_path=tmp_path)
    assert run(weights_file_unreadable, plan) == []


def test_no_folder_no_finding():
    assert run(weights_file_unreadable, make_plan()) == []
