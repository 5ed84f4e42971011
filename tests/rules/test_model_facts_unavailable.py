"""model-facts-unavailable: no usable config.json and not in the catalog → memory checks skipped."""


from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.model import model_facts_unavailable

LINE = "vllm serve {} --dtype float16 --max-model-len 16384 --host 127.0.0.1 --no-enable-prefix-caching --enforce-eager"


def test_unknown_hub_id():
    plan = make_plan(command=LINE.format("acme/Mystery-13B"))
    [f] = run(model_facts_unavailable, plan)
    assert_well_formed(f, "model-facts-unavailable", "warning", "acme/Mystery-13B", "not in the built-in catalog")
    assert f.evidence == "model acme/Mystery-13B" and "config.json" in f.fix
    assert plan.estimate is None
    assert "model-facts-unavailable" in checked_codes(plan)


def test_partial_config_does_not_crash_any_rule(tmp_path):
    plan = make_plan(command=LINE.format("$MODEL") + " --tensor-parallel-size 2", tmp_path=tmp_path,
                     model_dir={"config_json": {"model_type": "qwen3", "num_attention_heads": 32}})
    [f] = run(model_facts_unavailable, plan)
    assert "config.json lacks" in f.message
    codes = checked_codes(plan)  # every rule runs on partial facts without raising
    assert "model-facts-unavailable" in codes and "tp-not-divisor" not in codes


def test_catalog_and_local_config_are_enough(tmp_path):
    assert run(model_facts_unavailable, make_plan()) == []  # seed hub id: built-in catalog
    assert run(model_facts_unavailable, make_plan(command=LINE.format("$MODEL"), tmp_path=tmp_path,
                                                  model_dir={"config": "Qwen3-8B"})) == []


def test_does_not_claim_the_mask_check_ran_when_it_could_not():
    plan = make_plan(command="vllm serve acme/Mystery-13B --dtype float16 --host 127.0.0.1")
    [f] = run(model_facts_unavailable, plan)
    assert "still ran" not in f.message


def test_zero_layers_is_unusable_not_a_traceback(tmp_path):
    config = {"model_type": "qwen3", "num_hidden_layers": 0, "hidden_size": 4096, "num_attention_heads": 32,
              "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 151936, "max_position_embeddings": 40960}
    plan = make_plan(command=LINE.format("$MODEL"), tmp_path=tmp_path, model_dir={"config_json": config})
    assert [f.code for f in run(model_facts_unavailable, plan)] == ["model-facts-unavailable"]
