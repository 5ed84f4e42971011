"""Weight bytes per chip: from the shape and the quant format, or exact safetensors bytes.

W8A8 / W8A8S / W8A8SC take ≈ 1 B per quantized linear parameter on device (W8A8SC is
decompressed to full size: it saves disk, not NPU memory); embeddings, lm_head, norms and the
linears a recipe left in float take 2 B. Tensor-parallel layers divide by TP.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.estimate.constants import W8A8S_FLOAT_LAYERS
from wizard.facts.model import ModelFacts, WeightsFacts

INT8_FORMATS = {"W8A8", "W8A8_DYNAMIC", "W8A8S", "W8A8SC"}

#: (layers, hidden, intermediate) -> catalog key of W8A8S_FLOAT_LAYERS
_RECIPE_SIGNATURES = {(36, 4096, 12288): "qwen3-8b", (40, 5120, 17408): "qwen3-14b", (64, 5120, 25600): "qwen3-32b"}


@dataclass
class WeightsEstimate:
    bytes_per_chip: int
    method: str  # sentence for the output: how the number was obtained


def projection_params(m: ModelFacts) -> dict[str, int]:
    """Parameters of each linear projection in one dense decoder layer."""
    h, heads, kv, hd = m.hidden_size, m.num_attention_heads, m.kv_heads, m.head_size
    inter = m.intermediate_size or 0
    return {
        "q_proj": h * heads * hd,
        "k_proj": h * kv * hd,
        "v_proj": h * kv * hd,
        "o_proj": heads * hd * h,
        "gate_proj": h * inter,
        "up_proj": h * inter,
        "down_proj": inter * h,
    }


def _float_linear_params(m: ModelFacts, w: WeightsFacts) -> tuple[int, str]:
    """Linear parameters kept in float by the quantization recipe, and how we know."""
    if m.num_experts:  # MoE: recipes vary; assume every linear quantized (a lower bound)
        return 0, "MoE: all linears assumed int8 (lower bound)"
    proj = projection_params(m)
    float_weights = [name for name, kind in w.tensor_types.items() if kind.upper() == "FLOAT" and name.endswith("proj.weight")]
    if w.tensor_types and any(name.endswith("proj.weight") for name in w.tensor_types):
        total = sum(proj.get(name.rsplit(".", 2)[-2], 0) for name in float_weights)
        return total, "float layers from quant_model_description.json"
    key = _RECIPE_SIGNATURES.get((m.num_hidden_layers, m.hidden_size, m.intermediate_size))
    if key and (w.quant_type or "").upper() in ("W8A8S", "W8A8SC"):
        total = 0
        for name, layers in W8A8S_FLOAT_LAYERS[key].items():
            count = m.num_hidden_layers if layers == "*" else len(layers)
            total += proj[name] * count
        return total, f"msmodelslim {key} W8A8S recipe keeps some linears in float"
    return 0, "all linears assumed int8"


def estimate_weights(m: ModelFacts, w: WeightsFacts, tp: int) -> WeightsEstimate | None:
    """Weight bytes on each TP rank, or None when the shape is incomplete."""
    if m.param_count is None:
        return None
    fmt = (w.quant_type or "").upper()
    if w.safetensors_bytes and fmt != "W8A8SC" and not w.rank_files:
        return WeightsEstimate(w.safetensors_bytes // tp, f"exact bytes from {w.safetensors_files} safetensors headers ÷ TP{tp}")
    linear_params = getattr(m, "linear_params", None)
    if fmt in INT8_FORMATS and linear_params:
        float_linear, how = _float_linear_params(m, w)
        int8_linear = linear_params - float_linear
        other = m.param_count - linear_params
        total = int8_linear + 2 * (float_linear + other)
        return WeightsEstimate(total // tp, f"{fmt}: int8 linears 1 B/param, float tensors 2 B/param ({how}) ÷ TP{tp}")
    return WeightsEstimate(2 * m.param_count // tp, f"float16: 2 B/param × {m.param_count / 1e9:.2f} B params ÷ TP{tp}")
