import re

import pytest

from tests.conftest import shared_dir
from wizard.facts.catalog import (architecture_hint_facts, catalog_names, lookup_catalog,
                                  w8a8s_float_linears)
from wizard.facts.config import read_config
from wizard.facts.names import architecture_hint


def test_catalog_holds_every_fixture_with_identical_facts():
    fixtures = sorted(p.parent.name for p in (shared_dir() / "fixtures" / "models").glob("*/config.json"))
    assert catalog_names() == fixtures
    for name in fixtures:
        from_file, _ = read_config(shared_dir() / "fixtures" / "models" / name)
        from_catalog = lookup_catalog(name)
        assert from_catalog.param_count == from_file.param_count
        assert from_catalog.max_position_embeddings == from_file.max_position_embeddings
        assert from_catalog.architectures == from_file.architectures
        assert from_catalog.origin.startswith(f"built-in catalog ({name}, https://github.com/")


@pytest.mark.parametrize("name,base", [
    ("Qwen/Qwen3-8B", "Qwen3-8B"),
    ("Eco-Tech/Qwen3-8B-w8a8s-310", "Qwen3-8B"),
    ("/models/Qwen3-32B-w8a8sc-310-vllm-tp4", "Qwen3-32B"),
    ("/save-path/Qwen3-32B-w8a8sc-310-vllm/TP4/Qwen3-32B-w8a8sc-310-vllm-tp4/", "Qwen3-32B"),
    ("Eco-Tech/Qwen3-14B-w8a8sc-310-vllm/TP1/Qwen3-14B-w8a8sc-310-vllm-tp1", "Qwen3-14B"),
    ("vllm-ascend/Qwen3-32B-w8a8sc-310-vllm-tp4", "Qwen3-32B"),
    ("Qwen3-14B-W8A8SC", "Qwen3-14B"),
    ("qwen3-14b", "Qwen3-14B"),
    ("/home/work/Qwen3/Qwen3-8b", "Qwen3-8B"),
    ("Qwen/Qwen3-0.6B", "Qwen3-0.6B"),
    ("/models/Qwen3-30B-A3B", "Qwen3-30B-A3B"),
    ("Qwen/Qwen2.5-7B-Instruct", "Qwen2.5-7B-Instruct"),
    ("Qwen3-32B-W8A8", "Qwen3-32B"),
])
def test_lookup_strips_org_and_variant_suffixes(name, base):
    facts = lookup_catalog(name)
    assert facts is not None and facts.origin.startswith(f"built-in catalog ({base}, ")


@pytest.mark.parametrize("name", [
    "/models/Qwen3.5-35B-A3B", "/models/Qwen3.6-35B-A3B", "/models/Qwen3.5-4B",
    "/models/Qwen3.5-9B-W8A8-310P", "Eco-Tech/Qwen3.5-27B-w8a8-mtp", "Qwen/Qwen3-VL-8B-Instruct",
    "Qwen/Qwen3-Embedding-0.6B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "/models/Qwen2.5-3B-Instruct",
    "Qwen/Qwen2.5-7B", "/workspace/model", "", "Qwen3-4B",
])
def test_unknown_models_are_not_invented(name):
    assert lookup_catalog(name) is None


def _names_in_shared_inputs() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in
                     list((shared_dir() / "cases").glob("*.yaml")) + list((shared_dir() / "commands").glob("*")))
    found = re.findall(r"(?:vllm serve|--model[= ])\s*\"?([A-Za-z0-9_./-]+)", text)
    return sorted({n for n in found if "qwen3-" in n.lower() or "qwen2.5-7b-instruct" in n.lower()})


def test_names_used_in_cases_and_commands_resolve():
    names = _names_in_shared_inputs()
    assert "Eco-Tech/Qwen3-8B-w8a8s-310" in names
    for name in names:
        if any(x in name.lower() for x in ("qwen3-vl", "embedding", "qwen3-4b")):
            assert lookup_catalog(name) is None, name
        else:
            assert lookup_catalog(name) is not None, name


def test_fp8_name_keeps_shape_and_says_the_format():
    facts = lookup_catalog("Qwen/Qwen3-14B-FP8")
    assert facts.quant_method == "fp8" and "inferred from the name" in facts.origin
    assert facts.num_hidden_layers == 40


def test_w8a8s_recipe_float_linears():
    assert w8a8s_float_linears("Eco-Tech/Qwen3-8B-w8a8s-310")["layers"]["16"] == ["mlp.gate_proj", "mlp.up_proj"]
    assert w8a8s_float_linears("Qwen3-32B")["all_layers"] == ["mlp.down_proj"]
    assert w8a8s_float_linears("Qwen3-30B-A3B") is None


@pytest.mark.parametrize("name,arch,model_type", [
    ("/models/Qwen3.5-35B-A3B", "Qwen3_5MoeForConditionalGeneration", "qwen3_5_moe"),
    ("/models/Qwen3.6-35B-A3B", "Qwen3_5MoeForConditionalGeneration", "qwen3_5_moe"),
    ("/models/Qwen3.5-4B", "Qwen3_5ForConditionalGeneration", "qwen3_5"),
    ("/models/Qwen3.5-9B-W8A8-310P", "Qwen3_5ForConditionalGeneration", "qwen3_5"),
    ("Eco-Tech/Qwen3.5-27B-w8a8-mtp", "Qwen3_5ForConditionalGeneration", "qwen3_5"),
    ("Qwen/Qwen3-VL-8B-Instruct", "Qwen3VLForConditionalGeneration", "qwen3_vl"),
    ("/data/test/Qwen3-VL-30B-A3B-Instruct", "Qwen3VLMoeForConditionalGeneration", "qwen3_vl_moe"),
    ("Qwen3-235B-A22B-W8A8", "Qwen3MoeForCausalLM", "qwen3_moe"),
    ("/models/Qwen3-30B-A3B", "Qwen3MoeForCausalLM", "qwen3_moe"),
    ("Qwen/Qwen3-8B", "Qwen3ForCausalLM", "qwen3"),
    ("/home/dsv3/models/DeepSeek-V2-Lite", "DeepseekV2ForCausalLM", "deepseek_v2"),
    ("/home/data/DeepSeek-R1_w8a8/", "DeepseekV3ForCausalLM", "deepseek_v3"),
    ("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "Qwen2ForCausalLM", "qwen2"),
])
def test_architecture_hint(name, arch, model_type):
    assert architecture_hint(name) == ([arch], model_type)
    facts = architecture_hint_facts(name)
    assert "inferred from the name" in facts.origin and not facts.complete


def test_architecture_hint_unknown_family():
    assert architecture_hint("/home/pangu-pro-moe-mode/") is None
    assert architecture_hint_facts("/workspace/model") is None
