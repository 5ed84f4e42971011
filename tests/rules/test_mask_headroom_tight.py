"""mask-headroom-tight: the mask peak takes 80–100 % of the safe headroom."""

from tests.rules.plans import SC_32B_DIR, SEED_32B_TP4, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.memory import mask_vs_headroom


def test_20k_on_the_96g_duo():
    plan = make_plan(replace={"16384": "20480"})
    [f] = run(mask_vs_headroom, plan)
    # 6 · 20480² B = 2.34 GiB of 2.83 GiB = 83 %
    assert_well_formed(f, "mask-headroom-tight", "warning", "83%", "2.34 GiB", "L 20480", "2.83 GiB")
    # the fix keeps 20 % spare: 6 · 19456² = 2.11 GiB ≤ 0.8 × 2.83 GiB
    assert f.fix == "use --max-model-len 19456, or --gpu-memory-utilization 0.89 to keep 20480"
    assert "mask-headroom-tight" in checked_codes(plan)


def test_seed_32b_tp4_20k_is_tight_but_not_an_error(tmp_path):
    plan = make_plan(command=SEED_32B_TP4, host="sim:300i-duo-96g:2", model_dir=SC_32B_DIR, tmp_path=tmp_path)
    [f] = run(mask_vs_headroom, plan)
    assert f.severity.value == "warning" and "workspace half of the KV budget" in f.message


def test_16k_and_lower_u_are_fine():
    assert run(mask_vs_headroom, make_plan()) == []
    assert run(mask_vs_headroom, make_plan(replace={"16384": "20480", "--gpu_memory_utilization 0.90": "--gpu_memory_utilization 0.89"})) == []
