"""The `quant_model_description.json` an msmodelslim recipe produces for a given model shape.

Why: two consumers need the per-tensor types of a checkpoint they cannot read — the estimator
(a hub id like `Eco-Tech/Qwen3-8B-w8a8s-310`: which linears stayed FLOAT?) and the test builder
that fabricates weights folders for the shared cases. One function keeps them consistent.
Layout follows reference/compression.md §2: HF tensor names, `FLOAT` for embeddings, lm_head,
norms and the linears the recipe keeps float; W8A8S linears carry input_scale/input_offset/
quant_bias/deq_scale; W8A8SC (vllm-ascend's converter) only relabels `*.weight` to W8A8SC.
"""

from __future__ import annotations

from wizard.facts.model import ModelFacts

_STATIC_EXTRAS = ("input_scale", "input_offset", "quant_bias", "deq_scale")
_DYNAMIC_EXTRAS = ("weight_scale", "weight_offset")


def recipe_description(facts: ModelFacts, quant: str, float_linears: dict | None = None) -> dict[str, str]:
    """{"model_quant_type": quant, "version": "1.0.0", tensor name: type, …} for `facts`' shape.

    `float_linears` is a catalog recipe ({"all_layers": [...], "layers": {"1": [...]}}); without
    one every linear is quantized. Needs num_hidden_layers; MoE layers list every expert.
    """
    quant = quant.upper()
    base_type = "W8A8S" if quant == "W8A8SC" else quant
    extras = _DYNAMIC_EXTRAS if "DYNAMIC" in quant else _STATIC_EXTRAS
    desc: dict[str, str] = {"model_quant_type": quant, "version": "1.0.0",
                            "model.embed_tokens.weight": "FLOAT"}
    always_float = set((float_linears or {}).get("all_layers", []))
    per_layer_float = {int(k): set(v) for k, v in ((float_linears or {}).get("layers") or {}).items()}
    for index in range(facts.num_hidden_layers or 0):
        prefix = f"model.layers.{index}."
        for norm in _norm_names(facts):
            desc[prefix + norm + ".weight"] = "FLOAT"
        for module in _linear_modules(facts):
            key = module.replace("*.", "")
            if key in always_float or key in per_layer_float.get(index, set()) or module == "mlp.gate":
                for name in _expand_experts(facts, module):
                    desc[prefix + name + ".weight"] = "FLOAT"
                continue
            for name in _expand_experts(facts, module):
                desc[prefix + name + ".weight"] = quant
                for extra in extras:
                    desc[prefix + name + "." + extra] = base_type
    desc["model.norm.weight"] = "FLOAT"
    if not facts.tie_word_embeddings:
        desc["lm_head.weight"] = "FLOAT"
    return desc


def _norm_names(facts: ModelFacts) -> list[str]:
    names = ["input_layernorm", "post_attention_layernorm"]
    if (facts.model_type or "").startswith("qwen3"):
        names += ["self_attn.q_norm", "self_attn.k_norm"]
    return names


def _linear_modules(facts: ModelFacts) -> list[str]:
    if facts.layer_linear_params:
        return list(facts.layer_linear_params)
    return ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
            "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"]


def _expand_experts(facts: ModelFacts, module: str) -> list[str]:
    if "*" not in module:
        return [module]
    return [module.replace("*", str(e)) for e in range(facts.num_experts or 0)]
