import pytest

from wizard.facts.names import parse_model_name, strip_variant


@pytest.mark.parametrize("name,base,quant,tp,marker,not310", [
    ("Eco-Tech/Qwen3-8B-w8a8s-310", "qwen3-8b", "W8A8S", None, True, False),
    ("/save-path/Qwen3-32B-w8a8sc-310-vllm/TP4/Qwen3-32B-w8a8sc-310-vllm-tp4/", "qwen3-32b", "W8A8SC", 4, True, False),
    ("/x/Qwen3-32B-w8a8sc-310-vllm/TP4/", "qwen3-32b", "W8A8SC", 4, True, False),
    ("Qwen3-32B-W8A8", "qwen3-32b", "W8A8", None, False, True),
    ("vllm-ascend/Qwen3-30B-A3B-W8A8-Dynamic", "qwen3-30b-a3b", "W8A8_DYNAMIC", None, False, True),
    ("/models/Qwen3.5-9B-W8A8-310P", "qwen3.5-9b", "W8A8", None, True, False),
    ("Qwen3-14B-W8A8SC", "qwen3-14b", "W8A8SC", None, False, False),  # SC is 310P-only anyway
    ("Qwen/Qwen3-8B-W4A8", "qwen3-8b", "W4A8", None, False, True),
    ("Qwen/Qwen3-14B-FP8", "qwen3-14b", "FP8", None, False, False),
    ("Qwen/Qwen3-8B", "qwen3-8b", None, None, False, False),
])
def test_parse_model_name(name, base, quant, tp, marker, not310):
    info = parse_model_name(name)
    assert (info.base, info.quant_type, info.tp, info.has_310_marker, info.not_310p_variant) == \
        (base, quant, tp, marker, not310)


def test_org_only_for_hub_ids():
    assert parse_model_name("Eco-Tech/Qwen3-8B-w8a8s-310").org == "Eco-Tech"
    assert parse_model_name("/models/Qwen3-8B").org is None
    assert parse_model_name("Qwen3-8B").org is None


def test_strip_variant_keeps_model_words():
    assert strip_variant("Qwen2.5-7B-Instruct") == ("qwen2.5-7b-instruct", None)
    assert strip_variant("Qwen3-30B-A3B") == ("qwen3-30b-a3b", None)
    assert strip_variant("DeepSeek-R1_w8a8") == ("deepseek-r1", "W8A8")
