"""low-concurrency: the KV cache holds fewer than max-num-seqs full-length sequences."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.memory import low_concurrency


def test_seed_8b_default_256_seqs():
    plan = make_plan()
    [f] = run(low_concurrency, plan)
    # 87680 tokens / 16384 = 5.35 sequences
    assert_well_formed(f, "low-concurrency", "info", "87680 tokens", "5.35×", "16384", "max-num-seqs 256")
    assert f.evidence == "--max-num-seqs not given (vLLM default)" and f.fix.endswith("--max-num-seqs 5")
    assert "low-concurrency" in checked_codes(plan)


def test_enough_room_or_no_room_at_all():
    assert run(low_concurrency, make_plan(replace={"--quantization ascend": "--quantization ascend --max-num-seqs 4"})) == []
    # kv-cache-too-small owns the case where not even one sequence fits
    assert run(low_concurrency, make_plan(replace={"16384": "32768"}, host="sim:300i-duo-48g:1")) == []
