"""gmu-exceeds-free-memory: total × u must fit in a chosen chip's free memory."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.host import gmu_exceeds_free_memory


def test_u_098_on_the_96g_duo():
    plan = make_plan(replace={"--gpu_memory_utilization 0.90": "--gpu_memory_utilization 0.98"})
    [f] = run(gmu_exceeds_free_memory, plan)
    # 44280 × 0.98 = 43394 MB wanted; 44280 − 1529 = 42751 MB free
    assert_well_formed(f, "gmu-exceeds-free-memory", "error", "43394 MB", "42751 MB", "1529 MB")
    assert "--gpu-memory-utilization 0.98" in f.evidence
    assert f.fix == "use --gpu-memory-utilization 0.92 (that also leaves room for the max-model-len 16384 attention mask)"
    assert "gmu-exceeds-free-memory" in checked_codes(plan)


def test_seed_u_090_fits_and_co_tenant_does_not():
    assert run(gmu_exceeds_free_memory, make_plan()) == []
    [f] = run(gmu_exceeds_free_memory, make_plan(chip_used_mb=[20000, 1411]))
    assert "39852 MB" in f.message and "24280 MB" in f.message and "0.54" in f.fix and "stop the other process" in f.fix


def test_when_no_utilization_also_fits_the_mask_none_is_offered_as_the_fix():
    [f] = run(gmu_exceeds_free_memory, make_plan(chip_used_mb=[20000, 1411]))
    assert not f.fix.startswith("use --gpu-memory-utilization")
    assert f.fix.startswith("stop the other process on chip 0") and "lower --max-model-len too" in f.fix
