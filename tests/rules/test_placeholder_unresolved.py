"""placeholder-unresolved: `$4` / `$SERVER_PORT` values are reported, and the default is assumed."""

from tests.rules.plans import make_plan, run
from wizard.rules.cmdline import placeholder_unresolved

LINE = "vllm serve Eco-Tech/Qwen3-8B-w8a8s-310 --dtype float16 --max-model-len 16384 --tensor-parallel-size {tp}"


def test_placeholder_value_is_an_info():
    plan = make_plan(command=LINE.format(tp="$4"))
    [f] = run(placeholder_unresolved, plan)
    assert f.severity.value == "info" and "$4" in f.message and "--tensor-parallel-size" in f.evidence
    assert plan.options.tensor_parallel_size == 1


def test_concrete_value_is_not():
    assert run(placeholder_unresolved, make_plan(command=LINE.format(tp="1"))) == []
