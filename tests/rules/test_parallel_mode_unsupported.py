"""parallel-mode-unsupported: only tensor parallel is documented on 310P."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.parallel import parallel_mode_unsupported


def test_pipeline_parallel_2():
    plan = make_plan(replace={"--tensor-parallel-size 1": "--tensor-parallel-size 1 --pipeline-parallel-size 2"})
    [f] = run(parallel_mode_unsupported, plan)
    assert_well_formed(f, "parallel-mode-unsupported", "error", "pipeline parallel size 2", "only tensor parallel")
    assert f.evidence == "flag --pipeline-parallel-size 2" and f.fix == "drop --pipeline-parallel-size; use --tensor-parallel-size 2 instead"
    assert "parallel-mode-unsupported" in checked_codes(plan)


def test_data_parallel_and_multi_node():
    plan = make_plan(replace={"--tensor-parallel-size 1": "--tensor-parallel-size 2 --data-parallel-size 2 --nnodes 2"},
                     host="sim:300i-duo-96g:2")
    dp, nodes = run(parallel_mode_unsupported, plan)
    assert "data parallel size 2" in dp.message and "--tensor-parallel-size 4" in dp.fix
    assert "multi-node size 2" in nodes.message and nodes.evidence == "flag --nnodes 2"


def test_tp_only_is_fine():
    assert run(parallel_mode_unsupported, make_plan()) == []
    assert run(parallel_mode_unsupported, make_plan(replace={"--tensor-parallel-size 1": "--tensor-parallel-size 2 --pipeline-parallel-size 1"})) == []
