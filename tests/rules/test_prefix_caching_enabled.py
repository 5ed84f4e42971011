"""prefix-caching-enabled: every 310P reference config runs with it off."""

from tests.rules.plans import SC_8B_DIR, SEED_8B_SC, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.options import prefix_caching_enabled


def test_vllm_default_on_the_seed_w8a8s_line():
    plan = make_plan()
    [f] = run(prefix_caching_enabled, plan)
    assert_well_formed(f, "prefix-caching-enabled", "warning", "vLLM enables it unless told not to")
    assert "not given" in f.evidence and f.fix == "add --no-enable-prefix-caching"
    assert "prefix-caching-enabled" in checked_codes(plan)


def test_explicitly_enabled():
    [f] = run(prefix_caching_enabled, make_plan(replace={"--quantization ascend": "--quantization ascend --enable-prefix-caching"}))
    assert "--enable-prefix-caching given" in f.message and f.evidence == "flag --enable-prefix-caching"


def test_disabled_is_fine(tmp_path):
    assert run(prefix_caching_enabled, make_plan(command=SEED_8B_SC, model_dir=SC_8B_DIR, tmp_path=tmp_path)) == []
