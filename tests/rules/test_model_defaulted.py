"""model-defaulted: no model on the line → vLLM serves Qwen/Qwen3-0.6B, and the check says so."""

from tests.rules.plans import make_plan, run
from wizard.rules.cmdline import model_defaulted


def test_no_model_means_vllms_default():
    plan = make_plan(command="vllm serve --dtype float16 --max-model-len 4096")
    [f] = run(model_defaulted, plan)
    assert f.severity.value == "info" and "Qwen/Qwen3-0.6B" in f.message
    assert plan.options.model == "Qwen/Qwen3-0.6B" and plan.estimate is not None


def test_a_named_model_is_quiet():
    assert run(model_defaulted, make_plan()) == []
