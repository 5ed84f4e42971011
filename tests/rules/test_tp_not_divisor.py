"""tp-not-divisor: heads % TP == 0, and KV heads divisible by TP or dividing it."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.parallel import tp_not_divisor, valid_tps


def test_tp3_on_qwen3_8b():
    plan = make_plan(replace={"--tensor-parallel-size 1": "--tensor-parallel-size 3"}, host="sim:300i-duo-96g:2")
    [f] = run(tp_not_divisor, plan)
    assert_well_formed(f, "tp-not-divisor", "error", "TP 3", "32 attention heads are not divisible by 3")
    assert "flag --tensor-parallel-size 3" in f.evidence and "built-in catalog" in f.evidence
    assert f.fix == "use --tensor-parallel-size 4 (valid here: [1, 2, 4])"
    assert "tp-not-divisor" in checked_codes(plan)


def test_kv_heads_that_neither_divide_nor_are_divided(tmp_path):
    plan = make_plan(command="vllm serve $MODEL --dtype float16 --max-model-len 8192 --tensor-parallel-size 4",
                     tmp_path=tmp_path, host="sim:300i-duo-96g:2",
                     model_dir={"config": "Qwen3-8B", "config_overrides": {"num_attention_heads": 24, "num_key_value_heads": 6}})
    [f] = run(tp_not_divisor, plan)
    assert "6 KV heads neither divisible by 4 nor dividing it" in f.message and "[1, 2, 3]" in f.fix


def test_valid_tps_and_seed_tp4():
    assert valid_tps(64, 8) == [1, 2, 4, 8, 16]  # Qwen3-32B: 16 = 2 × 8 KV heads is legal
    plan = make_plan(replace={"--tensor-parallel-size 1": "--tensor-parallel-size 4"}, host="sim:300i-duo-96g:2")
    assert run(tp_not_divisor, plan) == []
