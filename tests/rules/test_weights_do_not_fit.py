"""weights-do-not-fit: weights + activation + non-torch + used above M·u."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.memory import weights_do_not_fit

LINE = "vllm serve {} --dtype float16 --max-model-len 16384 --host 127.0.0.1 --no-enable-prefix-caching --enforce-eager"


def test_qwen3_32b_fp16_on_one_chip():
    plan = make_plan(command=LINE.format("Qwen/Qwen3-32B"))
    [f] = run(weights_do_not_fit, plan)
    assert_well_formed(f, "weights-do-not-fit", "error", "chip 0", "weights 61.02 GiB", "budget 38.92 GiB", "× 0.90")
    assert "built-in catalog" in f.evidence and "--tensor-parallel-size 2" in f.fix
    assert "weights-do-not-fit" in checked_codes(plan)


def test_qwen3_8b_fp16_on_a_48g_duo_chip():
    [f] = run(weights_do_not_fit, make_plan(command=LINE.format("Qwen/Qwen3-8B"), host="sim:300i-duo-48g:1"))
    assert "15.26 GiB" in f.message and "18.92 GiB" in f.message


def test_fp16_8b_and_seed_fit():
    assert run(weights_do_not_fit, make_plan(command=LINE.format("Qwen/Qwen3-8B"))) == []
    assert run(weights_do_not_fit, make_plan()) == []
