"""fuse-norm-quant-enabled: graph mode on v0.18.x needs fuse_norm_quant false."""


from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.options import fuse_norm_quant_enabled

NO_FNQ = {""" --additional-config '{"ascend_compilation_config": {"fuse_norm_quant": false}}'""": ""}


def test_seed_without_the_additional_config():
    plan = make_plan(replace=NO_FNQ)
    [f] = run(fuse_norm_quant_enabled, plan)
    assert_well_formed(f, "fuse-norm-quant-enabled", "error", "release 0.18.0")
    assert "not set (default true)" in f.evidence and '"fuse_norm_quant": false' in f.fix
    assert "fuse-norm-quant-enabled" in checked_codes(plan)


def test_explicit_true_is_an_error():
    [f] = run(fuse_norm_quant_enabled, make_plan(replace={'"fuse_norm_quant": false': '"fuse_norm_quant": true'}))
    assert f.severity.value == "error"


def test_explicit_true_evidence_says_it_was_set():
    [f] = run(fuse_norm_quant_enabled, make_plan(replace={'"fuse_norm_quant": false': '"fuse_norm_quant": true'}))
    assert "not set" not in f.evidence and "true" in f.evidence


def test_seed_eager_and_auto_skipping_release_are_fine():
    assert run(fuse_norm_quant_enabled, make_plan()) == []
    assert run(fuse_norm_quant_enabled, make_plan(replace={**NO_FNQ, "--quantization ascend": "--quantization ascend --enforce-eager"})) == []
    assert run(fuse_norm_quant_enabled, make_plan(replace=NO_FNQ, release="0.21.0rc1")) == []


def test_release_without_310p_graph_mode():
    assert run(fuse_norm_quant_enabled, make_plan(replace=NO_FNQ, release="0.10.0rc1")) == []


def test_the_fix_replaces_a_typo_of_the_key_instead_of_keeping_it():
    from tests.rules.plans import make_plan, run
    from wizard.rules.options import fuse_norm_quant_enabled

    plan = make_plan(replace={'"fuse_norm_quant": false': '"fuse_norm_qaunt": false, "enable_npugraph_ex": true'})
    [f] = run(fuse_norm_quant_enabled, plan)
    assert "fuse_norm_qaunt" not in f.fix and '"fuse_norm_quant": false' in f.fix and "enable_npugraph_ex" in f.fix
