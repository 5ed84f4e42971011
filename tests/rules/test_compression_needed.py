"""compression-needed: a profile plans W8A8SC that is not on disk yet, from a W8A8S folder."""

from tests.rules.plans import SEED_8B_SC, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.model import compression_needed

TARGET = "/nonexistent/duowiz/Qwen3-8B-w8a8sc-310"
SOURCE = "/models/Qwen3-8B-w8a8s-310"


def test_missing_sc_folder_with_compress_from():
    plan = make_plan(command=SEED_8B_SC.replace("$MODEL", TARGET))
    plan.compress_from = SOURCE  # set by the profile loader, not by the command line
    [f] = run(compression_needed, plan)
    assert_well_formed(f, "compression-needed", "info", TARGET, SOURCE, "TP 1")
    assert f.fix == f"duowiz compress --model {SOURCE} --tp 1 --output {TARGET}"
    assert "compression-needed" in checked_codes(plan)


def test_existing_folder_or_no_compress_from(tmp_path):
    assert run(compression_needed, make_plan(command=SEED_8B_SC.replace("$MODEL", TARGET))) == []
    plan = make_plan(command=SEED_8B_SC, model_dir={"config": "Qwen3-8B", "quant": "W8A8SC", "rank_files": 1},
                     tmp_path=tmp_path)
    plan.compress_from = SOURCE
    assert run(compression_needed, plan) == []
