"""unknown-ascend-config-key: keys vllm-ascend silently ignores in --additional-config."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.ascend import unknown_ascend_config_key


def test_nested_typo_with_did_you_mean():
    plan = make_plan(replace={"fuse_norm_quant": "fuse_norm_qaunt"})
    [f] = run(unknown_ascend_config_key, plan)
    assert_well_formed(f, "unknown-ascend-config-key", "warning", "ascend_compilation_config.fuse_norm_qaunt",
                       "v0.18.0", "did you mean 'fuse_norm_quant'")
    assert "fuse_norm_qaunt" in f.evidence and "fuse_norm_quant" in f.fix
    # the typo also means the intended setting never applies
    assert {"unknown-ascend-config-key", "fuse-norm-quant-enabled"} <= checked_codes(plan)


def test_top_level_typo():
    [f] = run(unknown_ascend_config_key, make_plan(replace={"ascend_compilation_config": "ascend_compilaton_config"}))
    assert "'ascend_compilaton_config'" in f.message and "did you mean 'ascend_compilation_config'" in f.message


def test_seed_keys_are_known():
    assert run(unknown_ascend_config_key, make_plan()) == []
