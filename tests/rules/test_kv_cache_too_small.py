"""kv-cache-too-small: the KV cache cannot hold one max-model-len sequence."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.memory import kv_cache_too_small

L32K = {"16384": "32768"}


def test_8b_w8a8s_32k_on_a_48g_duo_chip():
    plan = make_plan(replace=L32K, host="sim:300i-duo-48g:1")
    [f] = run(kv_cache_too_small, plan)
    assert_well_formed(f, "kv-cache-too-small", "error", "14976 tokens", "chip 0", "147456 B/token", "needs 32768")
    assert "flag --max-model-len 32768" in f.evidence
    assert f.fix == "use --max-model-len 14336 or a larger TP"
    assert "kv-cache-too-small" in checked_codes(plan)


def test_silent_when_weights_do_not_fit():
    plan = make_plan(command="vllm serve Qwen/Qwen3-8B --dtype float16 --max-model-len 32768 --enforce-eager",
                     host="sim:300i-duo-48g:1")
    assert run(kv_cache_too_small, plan) == [] and "weights-do-not-fit" in checked_codes(plan)


def test_8k_on_48g_and_seed_fit():
    assert run(kv_cache_too_small, make_plan(replace={"16384": "8192"}, host="sim:300i-duo-48g:1")) == []
    assert run(kv_cache_too_small, make_plan()) == []
