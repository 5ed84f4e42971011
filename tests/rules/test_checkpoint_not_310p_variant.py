"""checkpoint-not-310p-variant: an A2/A3 msmodelslim checkpoint (no -310 marker) on a 310P."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.model import checkpoint_not_310p_variant


def test_a2_w8a8_hub_id():
    plan = make_plan(replace={"Eco-Tech/Qwen3-8B-w8a8s-310": "vllm-ascend/Qwen3-8B-W8A8"})
    [f] = run(checkpoint_not_310p_variant, plan)
    assert_well_formed(f, "checkpoint-not-310p-variant", "warning", "vllm-ascend/Qwen3-8B-W8A8", "no -310 marker")
    assert "inferred from the name" in f.evidence and "Eco-Tech/Qwen3-8B-w8a8s-310" in f.fix
    assert "checkpoint-not-310p-variant" in checked_codes(plan)


def test_310_variants_and_float_are_fine():
    assert run(checkpoint_not_310p_variant, make_plan()) == []
    assert run(checkpoint_not_310p_variant, make_plan(replace={"Eco-Tech/Qwen3-8B-w8a8s-310": "Eco-Tech/Qwen3-8B-w8a8-310"})) == []
    assert run(checkpoint_not_310p_variant, make_plan(replace={"Eco-Tech/Qwen3-8B-w8a8s-310": "Qwen/Qwen3-8B"})) == []
