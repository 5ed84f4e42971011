"""mask-exceeds-memory: the O(L²) fp16 mask peak does not fit in M·(1−u) − used."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.memory import mask_vs_headroom

L32K = {"16384": "32768"}


def test_32k_on_the_96g_duo_at_u_090():
    plan = make_plan(replace=L32K)
    [f] = run(mask_vs_headroom, plan)
    # 6 · 32768² B = 6.00 GiB; 44280 MB × 0.10 − 1529 MB = 2.83 GiB
    assert_well_formed(f, "mask-exceeds-memory", "error", "6.00 GiB", "L 32768", "T 2048",
                       "44280 MB × (1 − 0.90) − 1529 MB used = 2.83 GiB")
    assert f.evidence == "flag --max-model-len 32768; --gpu-memory-utilization 0.9"
    # the fix clears mask-headroom-tight too (peak ≤ 80 % of the headroom), not just the error
    assert f.fix == "use --max-model-len 19456, or --gpu-memory-utilization 0.79 to keep 32768"
    assert "mask-exceeds-memory" in checked_codes(plan)


def test_co_tenant_shrinks_the_headroom_below_the_16k_mask():
    [f] = run(mask_vs_headroom, make_plan(chip_used_mb=[3000, 1411]))
    assert f.code == "mask-exceeds-memory" and "1.50 GiB" in f.message and "3000 MB used = 1.39 GiB" in f.message


def test_seed_16k_fits():
    plan = make_plan()
    assert run(mask_vs_headroom, plan) == []
    assert not {"mask-exceeds-memory", "mask-headroom-tight"} & checked_codes(plan)


def test_compressed_mask_release_skips_the_check():
    plan = make_plan(replace=L32K, release="0.21.0rc1", extra={"torch_npu_compressed_mask_kernels": True})
    assert run(mask_vs_headroom, plan) == []
