import json

import pytest

from tests.conftest import shared_dir
from wizard.facts.config import facts_from_config, read_config
from wizard.facts.params import float_linear_params, linear_params_of_tensor

FIXTURES = sorted(p.parent.name for p in (shared_dir() / "fixtures" / "models").glob("*/config.json"))

# card / observed totals (reference/models.md §3, observed-startup-numbers.md C4)
EXPECTED_PARAMS = {
    "Qwen3-0.6B": 0.6e9,
    "Qwen3-8B": 8.19e9,  # observed fp16 weights 15.27 GiB = 8.19e9 × 2 B
    "Qwen3-14B": 14.8e9,
    "Qwen3-32B": 32.8e9,
    "Qwen3-30B-A3B": 30.5e9,
    "Qwen2.5-7B-Instruct": 7.61e9,
}


def test_every_fixture_is_present():
    assert len(FIXTURES) >= 7


@pytest.mark.parametrize("name", FIXTURES)
def test_every_fixture_config_parses_completely(name):
    facts, error = read_config(shared_dir() / "fixtures" / "models" / name)
    assert error is None
    assert facts.complete and facts.missing_fields == []
    assert facts.origin.startswith("config.json at ")
    assert facts.param_count == (facts.embedding_params + facts.lm_head_params
                                 + facts.linear_params + facts.norm_params)
    assert facts.head_size == 128
    assert facts.torch_dtype == "bfloat16"
    assert facts.quant_method is None


@pytest.mark.parametrize("name,expected", sorted(EXPECTED_PARAMS.items()))
def test_param_count_matches_card_within_one_percent(name, expected):
    facts, _ = read_config(shared_dir() / "fixtures" / "models" / name)
    assert abs(facts.param_count - expected) / expected < 0.01


def test_qwen3_8b_fp16_weights_match_observed_bytes():
    facts, _ = read_config(shared_dir() / "fixtures" / "models" / "Qwen3-8B")
    assert abs(facts.param_count * 2 / 2**30 - 15.27) / 15.27 < 0.01
    assert facts.embedding_params == facts.lm_head_params == 151936 * 4096
    # per-layer linear params from models.md: 192.94 M
    per_layer = sum(facts.layer_linear_params.values())
    assert round(per_layer / 1e6, 2) == 192.94


def test_tied_embeddings_have_no_lm_head():
    facts, _ = read_config(shared_dir() / "fixtures" / "models" / "Qwen3-0.6B")
    assert facts.tie_word_embeddings and facts.lm_head_params == 0
    assert round(facts.param_count / 1e9, 3) == 0.596


def test_qwen25_counts_qkv_bias_and_qwen3_counts_qk_norm():
    qwen25, _ = read_config(shared_dir() / "fixtures" / "models" / "Qwen2.5-7B-Instruct")
    weights_only = qwen25.num_hidden_layers * sum(qwen25.layer_linear_params.values())
    bias = qwen25.num_hidden_layers * (28 * 128 + 2 * 4 * 128)
    assert qwen25.linear_params == weights_only + bias
    qwen3, _ = read_config(shared_dir() / "fixtures" / "models" / "Qwen3-8B")
    assert qwen3.linear_params == qwen3.num_hidden_layers * sum(qwen3.layer_linear_params.values())
    assert qwen3.norm_params == 36 * (2 * 4096 + 2 * 128) + 4096


def test_moe_counts_every_expert_and_router():
    facts, _ = read_config(shared_dir() / "fixtures" / "models" / "Qwen3-30B-A3B")
    assert facts.num_experts == 128 and facts.num_experts_per_tok == 8 and facts.moe_intermediate_size == 768
    assert facts.layer_linear_params["mlp.experts.*.gate_proj"] == 2048 * 768
    assert facts.layer_linear_params["mlp.gate"] == 2048 * 128
    assert round(facts.param_count / 1e9, 3) == 30.532
    assert linear_params_of_tensor(facts, "model.layers.5.mlp.experts.17.down_proj.weight") == 768 * 2048


def test_float_linear_params_from_a_description():
    facts, _ = read_config(shared_dir() / "fixtures" / "models" / "Qwen3-8B")
    types = {"model.layers.0.mlp.down_proj.weight": "FLOAT", "model.layers.0.mlp.up_proj.weight": "W8A8S",
             "model.embed_tokens.weight": "FLOAT", "model.layers.0.mlp.down_proj.deq_scale": "W8A8S"}
    assert float_linear_params(facts, types) == 12288 * 4096


def test_nested_text_config_and_rope_parameters():
    doc = {
        "architectures": ["Qwen3VLForConditionalGeneration"], "model_type": "qwen3_vl",
        "tie_word_embeddings": False,
        "text_config": {"model_type": "qwen3_vl_text", "num_hidden_layers": 36, "hidden_size": 4096,
                        "intermediate_size": 12288, "num_attention_heads": 32, "num_key_value_heads": 8,
                        "head_dim": 128, "vocab_size": 151936, "max_position_embeddings": 262144,
                        "dtype": "bfloat16",
                        "rope_parameters": {"rope_type": "default", "mrope_section": [24, 20, 20]}},
    }
    facts = facts_from_config(doc, origin="test")
    assert facts.model_type == "qwen3_vl" and facts.architectures == ["Qwen3VLForConditionalGeneration"]
    assert facts.complete and facts.torch_dtype == "bfloat16"
    assert facts.max_context == 262144 and facts.rope_scaling_type == "default"
    assert facts.rope_scaling_factor is None
    assert abs(facts.param_count - 8.19e9) / 8.19e9 < 0.01


def test_yarn_uses_original_max_position_times_factor():
    cfg = json.loads((shared_dir() / "fixtures" / "models" / "Qwen3-8B" / "config.json").read_text())
    cfg["rope_scaling"] = {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}
    facts = facts_from_config(cfg, origin="test")
    assert facts.rope_scaling_factor == 4.0 and facts.max_context == 131072
    cfg["rope_scaling"] = {"type": "linear", "factor": 2.0}
    assert facts_from_config(cfg, origin="test").max_context == 81920


def test_hybrid_attention_counts_kv_layers_but_gives_no_param_count():
    doc = {"model_type": "qwen3_5_text", "num_hidden_layers": 4, "hidden_size": 1024,
           "intermediate_size": 3072, "num_attention_heads": 8, "num_key_value_heads": 2,
           "head_dim": 256, "vocab_size": 1000,
           "layer_types": ["linear_attention", "linear_attention", "linear_attention", "full_attention"]}
    facts = facts_from_config(doc, origin="test")
    assert facts.kv_cache_layers == 1
    assert facts.param_count is None and "hybrid" in facts.param_note


def test_quantization_config_is_reported_as_quant_method():
    for method in ("compressed-tensors", "fp8", "awq", "gptq"):
        facts = facts_from_config({"quantization_config": {"quant_method": method}}, origin="t")
        assert facts.quant_method == method


def test_partial_config_leaves_fields_none():
    doc = {"architectures": ["Qwen3_5MoeForConditionalGeneration"], "model_type": "qwen3_5_moe",
           "torch_dtype": "bfloat16"}
    facts = facts_from_config(doc, origin="test")
    assert not facts.complete and facts.param_count is None
    assert "hidden_size" in facts.missing_fields and "intermediate_size" in facts.missing_fields
    assert facts.max_context is None and facts.head_size is None


def test_wrong_value_types_do_not_raise():
    facts = facts_from_config({"num_hidden_layers": "36", "hidden_size": True, "vocab_size": -1,
                               "rope_scaling": "yarn", "text_config": [1]}, origin="test")
    assert facts.num_hidden_layers is None and facts.hidden_size is None and facts.vocab_size is None


def test_missing_and_corrupt_config_name_the_file(tmp_path):
    facts, error = read_config(tmp_path)
    assert facts is None and "config.json" in error and "not found" in error
    (tmp_path / "config.json").write_text('{"hidden_size": 4096,')
    facts, error = read_config(tmp_path)
    assert facts is None and str(tmp_path / "config.json") in error and "not valid JSON" in error
    (tmp_path / "config.json").write_text("[1, 2]")
    assert "not an object" in read_config(tmp_path)[1]
    (tmp_path / "config.json").write_bytes(b"\xff\xfe\x00garbage")
    assert read_config(tmp_path)[0] is None
