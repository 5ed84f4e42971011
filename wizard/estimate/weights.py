"""Weight bytes per chip: exact safetensors bytes when they equal the device size, else the shape.

W8A8 / W8A8S / W8A8SC take ≈ 1 B per quantized linear parameter on device (W8A8SC is
decompressed to full size: it saves disk, not NPU memory); embeddings, lm_head, norms and the
linears a recipe left in float take 2 B (310p-facts.md §2). Tensor-parallel layers divide by TP.
Which linears stay float comes from the description file, else from the msmodelslim recipe of a
catalogued model (models.md §3), else all linears count as int8 (a lower bound, and said so).
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.facts.model import ModelFacts, WeightsFacts

INT8_FORMATS = {"W8A8", "W8A8_DYNAMIC", "W8A8S", "W8A8SC"}


@dataclass
class WeightsEstimate:
    bytes_per_chip: int
    method: str  # sentence for the output: how the number was obtained


def _float_linear_params(m: ModelFacts, w: WeightsFacts, fmt: str, model_name: str) -> tuple[int, str]:
    """Linear parameters the quantization recipe kept in float, and how we know."""
    from wizard.facts.catalog import w8a8s_float_linears
    from wizard.facts.params import float_linear_params
    from wizard.facts.recipes import recipe_description

    if w.tensor_types:
        return float_linear_params(m, w.tensor_types), "float linears from the description file"
    recipe = w8a8s_float_linears(model_name) if fmt in ("W8A8S", "W8A8SC") else None
    if recipe:
        described = recipe_description(m, fmt, recipe)
        return float_linear_params(m, described), "float linears from the msmodelslim W8A8S recipe"
    return 0, "all linears counted as int8: a lower bound"


def estimate_weights(m: ModelFacts, w: WeightsFacts, tp: int, model_name: str = "") -> WeightsEstimate | None:
    """Weight bytes on each TP rank, or None when the shape is incomplete."""
    exact = w.device_bytes_exact
    if exact:
        return WeightsEstimate(exact // tp, f"exact bytes from {w.safetensors_files} safetensors headers ÷ TP{tp}")
    if m.param_count is None:
        return None
    fmt = (w.quant_type or "").upper()
    if fmt in INT8_FORMATS and m.linear_params:
        float_linear, how = _float_linear_params(m, w, fmt, model_name)
        int8_linear = m.linear_params - float_linear
        other = m.param_count - m.linear_params
        total = int8_linear + 2 * (float_linear + other)
        return WeightsEstimate(total // tp, f"{fmt}: int8 linears 1 B/param, float tensors 2 B/param ({how}) ÷ TP{tp}")
    return WeightsEstimate(2 * m.param_count // tp, f"float16: 2 B/param × {m.param_count / 1e9:.2f} B params ÷ TP{tp}")
