"""graph-count-over-limit: TP > 1 captures more FULL_DECODE_ONLY graphs than event ids allow."""

from tests.rules.plans import SC_32B_DIR, SEED_32B_TP4, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.graphs import graph_count_over_limit

TP2 = {"--tensor-parallel-size 1": "--tensor-parallel-size 2"}


def test_seed_8b_sizes_with_tp2():
    plan = make_plan(replace=TP2)
    [f] = run(graph_count_over_limit, plan)
    # six sizes; Qwen3-8B has 36 layers: depth estimate 160 // 36 = 4
    assert_well_formed(f, "graph-count-over-limit", "error", "TP 2", "6 FULL_DECODE_ONLY graphs", "allow about 4",
                       "documented limit 2", "36 layers")
    assert "[1, 2, 4, 8, 16, 32]" in f.evidence and "max_num_seqs 256" in f.evidence
    assert '"cudagraph_capture_sizes": [8, 32]' in f.fix and "--enforce-eager" in f.fix
    assert "graph-count-over-limit" in checked_codes(plan)


def test_32b_tp4_with_a_third_size(tmp_path):
    plan = make_plan(command=SEED_32B_TP4, host="sim:300i-duo-96g:2", model_dir=SC_32B_DIR, tmp_path=tmp_path,
                     replace={"[16, 32]": "[8, 16, 32]"})
    [f] = run(graph_count_over_limit, plan)
    assert f.code == "graph-count-over-limit" and "3 FULL_DECODE_ONLY graphs" in f.message and "64 layers" in f.message


def test_profile_limit_below_the_count():
    [f] = run(graph_count_over_limit, make_plan(replace=TP2, graph_limit=4))
    assert "profile graph_limit 4" in f.message


def test_seed_32b_tp4_two_sizes_tp1_and_eager_are_fine(tmp_path):
    assert run(graph_count_over_limit, make_plan(command=SEED_32B_TP4, host="sim:300i-duo-96g:2",
                                                 model_dir=SC_32B_DIR, tmp_path=tmp_path)) == []
    assert run(graph_count_over_limit, make_plan()) == []  # TP 1: no event-id limit
    assert run(graph_count_over_limit, make_plan(replace={**TP2, "--quantization ascend": "--quantization ascend --enforce-eager"})) == []
