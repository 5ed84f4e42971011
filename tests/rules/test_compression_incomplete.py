"""compression-incomplete: a W8A8SC rank the compression did not finish (the script still exits 0)."""

from tests.rules.plans import SC_8B_DIR, SEED_8B_SC, assert_well_formed, damaged_plan, checked_codes, make_plan, run
from tests.support.model_folder import write_safetensors
from wizard.rules.weights_folder import compression_incomplete


def _plan(tmp_path, damage):
    return damaged_plan(SEED_8B_SC, SC_8B_DIR, tmp_path, damage)


def test_dense_int8_rank_is_a_failed_compression(tmp_path):
    def dense(folder):
        write_safetensors(folder / "model-rank-0-part-0.safetensors",
                          {"model.layers.0.self_attn.qkv_proj.weight": ("I8", [8, 4], bytes(32))})
    plan = _plan(tmp_path, dense)
    [f] = run(compression_incomplete, plan)
    assert_well_formed(f, "compression-incomplete", "error", "rank 0", "dense 2-D int8", "still exits 0")
    assert "duowiz compress --tp 1" in f.fix
    assert "compression-incomplete" in checked_codes(plan)


def test_a_clean_compression_is_fine(tmp_path):
    assert run(compression_incomplete, make_plan(command=SEED_8B_SC, model_dir=SC_8B_DIR, tmp_path=tmp_path)) == []
