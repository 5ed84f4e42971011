"""Parameter counts from a config's shape, split the way the per-chip memory model needs them.

Why a breakdown and not one number: on a 310P the pieces are priced differently — embeddings and
lm_head stay FLOAT (2 B) in msmodelslim output and are vocab-parallel, the q/k/v/o and MLP
linears are what W8A8* makes 1 B/param and are column/row parallel, norms are replicated.
Counting rules (reference/models.md §3): embeddings, lm_head unless tied, Q/K/V/O plus the QKV
bias (Qwen2) or q_norm/k_norm (Qwen3), the SwiGLU MLP or every expert plus the router, two
RMSNorms per layer and the final norm. Checked against the model cards in tests/facts.
"""

from __future__ import annotations

import re

from wizard.facts.model import ModelFacts

#: model types whose attention has q/k/v bias but no o bias and no `attention_bias` key
_QKV_BIAS_TYPES = {"qwen2", "qwen2_moe", "qwen2_vl", "qwen2_5_vl"}
_KV_LAYER_TYPES = {"full_attention", "sliding_attention"}


def fill_param_counts(facts: ModelFacts, cfg: dict) -> None:
    """Set param_count and its breakdown on `facts` from the (text) config dict `cfg`.

    Leaves them None when a size is missing or the architecture is one the formula does not
    describe (MLA, hybrid linear attention) — a wrong number is worse than none.
    """
    layer_types = cfg.get("layer_types")
    if isinstance(layer_types, list) and layer_types:
        facts.kv_cache_layers = sum(1 for t in layer_types if t in _KV_LAYER_TYPES)
        if facts.kv_cache_layers != len(layer_types):
            facts.param_note = "hybrid linear attention (layer_types): no shape formula for its parameters"
            return
    else:
        facts.kv_cache_layers = facts.num_hidden_layers
    if cfg.get("kv_lora_rank") is not None:
        facts.param_note = "multi-head latent attention (kv_lora_rank): no shape formula for its parameters"
        return
    h, layers, heads = facts.hidden_size, facts.num_hidden_layers, facts.num_attention_heads
    vocab, hd, kv = facts.vocab_size, facts.head_size, facts.kv_heads
    if None in (h, layers, heads, vocab, hd, kv):
        return
    per_layer = _attention_linears(h, heads, kv, hd)
    bias = _attention_bias(cfg, facts.model_type, heads, kv, hd, h)
    norms_per_layer = 2 * h + (2 * hd if (facts.model_type or "").startswith("qwen3") else 0)

    linear_total = 0
    expert_keys: dict[str, int] = {}
    for index in range(layers):
        mlp = _mlp_linears(facts, cfg, index, h)
        if mlp is None:
            return
        linear_total += sum(per_layer.values()) + bias + sum(mlp.values())
        for key, value in mlp.items():
            expert_keys.setdefault(key, value)
    facts.embedding_params = vocab * h
    facts.lm_head_params = 0 if facts.tie_word_embeddings else vocab * h
    facts.linear_params = linear_total
    facts.norm_params = layers * norms_per_layer + h
    facts.layer_linear_params = {**per_layer, **_per_tensor_keys(facts, expert_keys)}
    facts.param_count = (facts.embedding_params + facts.lm_head_params
                         + facts.linear_params + facts.norm_params)


def _attention_linears(h: int, heads: int, kv: int, hd: int) -> dict[str, int]:
    return {
        "self_attn.q_proj": h * heads * hd,
        "self_attn.k_proj": h * kv * hd,
        "self_attn.v_proj": h * kv * hd,
        "self_attn.o_proj": heads * hd * h,
    }


def _attention_bias(cfg: dict, model_type: str | None, heads: int, kv: int, hd: int, h: int) -> int:
    if "attention_bias" in cfg:
        return (heads * hd + 2 * kv * hd + h) if cfg.get("attention_bias") else 0
    if model_type in _QKV_BIAS_TYPES:
        return heads * hd + 2 * kv * hd
    return 0


def _mlp_linears(facts: ModelFacts, cfg: dict, index: int, h: int) -> dict[str, int] | None:
    """The MLP weights of layer `index`: dense SwiGLU, or experts (+ shared expert) + router."""
    if _is_moe_layer(facts, cfg, index):
        e, inter = facts.num_experts, facts.moe_intermediate_size
        out = {"mlp.experts.gate_proj": e * h * inter, "mlp.experts.up_proj": e * h * inter,
               "mlp.experts.down_proj": e * inter * h, "mlp.gate": h * e}
        shared = cfg.get("shared_expert_intermediate_size")
        if isinstance(shared, int) and shared > 0:
            out.update({"mlp.shared_expert.gate_proj": h * shared, "mlp.shared_expert.up_proj": h * shared,
                        "mlp.shared_expert.down_proj": shared * h, "mlp.shared_expert_gate": h})
        return out
    inter = facts.intermediate_size
    if inter is None:
        return None
    return {"mlp.gate_proj": h * inter, "mlp.up_proj": h * inter, "mlp.down_proj": inter * h}


def _is_moe_layer(facts: ModelFacts, cfg: dict, index: int) -> bool:
    if not facts.num_experts or not facts.moe_intermediate_size:
        return False
    if index in (cfg.get("mlp_only_layers") or []):
        return False
    step = cfg.get("decoder_sparse_step") or 1
    return (index + 1) % step == 0


def _per_tensor_keys(facts: ModelFacts, mlp: dict[str, int]) -> dict[str, int]:
    """Expert entries per single expert, so they match description names `mlp.experts.7.up_proj`."""
    out = {}
    for key, value in mlp.items():
        if key.startswith("mlp.experts.") and facts.num_experts:
            out[key.replace("mlp.experts.", "mlp.experts.*.")] = value // facts.num_experts
        else:
            out[key] = value
    return out


_LAYER_PREFIX = re.compile(r"^(?:model\.|language_model\.model\.|model\.language_model\.)?layers\.(\d+)\.")


def linear_params_of_tensor(facts: ModelFacts, tensor_name: str) -> int | None:
    """Params of the linear weight a description/safetensors name refers to, or None.

    `model.layers.3.mlp.down_proj.weight` → facts.layer_linear_params["mlp.down_proj"].
    """
    if not tensor_name.endswith(".weight"):
        return None
    m = _LAYER_PREFIX.match(tensor_name)
    if not m:
        return None
    key = tensor_name[m.end(): -len(".weight")]
    key = re.sub(r"^mlp\.experts\.\d+\.", "mlp.experts.*.", key)
    return facts.layer_linear_params.get(key)


def float_linear_params(facts: ModelFacts, tensor_types: dict[str, str]) -> int:
    """Linear weight params a quant description leaves FLOAT (recipes keep e.g. down_proj float)."""
    total = 0
    for name, qtype in tensor_types.items():
        if str(qtype).upper() == "FLOAT":
            total += linear_params_of_tensor(facts, name) or 0
    return total
