"""graph-count-above-documented: TP > 1, above the documented 2 graphs but within the depth estimate."""


from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.graphs import graph_count_over_limit

TP2 = {"--tensor-parallel-size 1": "--tensor-parallel-size 2"}


def test_three_sizes_on_qwen3_8b_tp2():
    plan = make_plan(replace={**TP2, "[1, 2, 4, 8, 16, 32]": "[8, 16, 32]"})
    [f] = run(graph_count_over_limit, plan)
    assert_well_formed(f, "graph-count-above-documented", "warning", "TP 2", "3 graphs", "documented 2",
                       "depth-scaled estimate 4", "36 layers")
    assert '"cudagraph_capture_sizes": [8, 32]' in f.fix
    assert "graph-count-above-documented" in checked_codes(plan)


def test_max_num_seqs_filters_the_captured_sizes():
    plan = make_plan(replace={**TP2, "--quantization ascend": "--quantization ascend --max-num-seqs 8"})
    [f] = run(graph_count_over_limit, plan)
    assert f.code == "graph-count-above-documented" and "4 graphs" in f.message  # 16 and 32 > 8 are skipped


def test_two_sizes_are_fine():
    assert run(graph_count_over_limit, make_plan(replace={**TP2, "[1, 2, 4, 8, 16, 32]": "[16, 32]"})) == []


def test_profile_limit_is_what_the_warning_cites():
    [f] = run(graph_count_over_limit, make_plan(replace=TP2, graph_limit=6))
    assert "within the depth-scaled estimate 4" not in f.message and "graph_limit 6" in f.message
