"""ModelFacts and WeightsFacts: what the rules and the estimator know about the model.

`origin` always says where the facts came from ("config.json at …", "built-in catalog (…)",
"inferred from the name"), because the output must say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ModelFacts:
    origin: str
    architectures: list[str] = field(default_factory=list)
    model_type: str | None = None
    torch_dtype: str | None = None
    num_hidden_layers: int | None = None
    hidden_size: int | None = None
    intermediate_size: int | None = None
    num_attention_heads: int | None = None
    num_key_value_heads: int | None = None
    head_dim: int | None = None
    vocab_size: int | None = None
    tie_word_embeddings: bool = False
    max_position_embeddings: int | None = None
    rope_scaling_factor: float | None = None
    # MoE
    num_experts: int | None = None
    num_experts_per_tok: int | None = None
    moe_intermediate_size: int | None = None
    #: quantization_config.quant_method from config.json (compressed-tensors, fp8, awq, gptq …)
    quant_method: str | None = None
    #: parameter count computed from the shape (None when the shape is incomplete)
    param_count: int | None = None
    # --- added by the facts part: the breakdown the estimator needs (wizard/facts/params.py) ---
    #: embed_tokens (vocab-parallel: divides by TP; stays FLOAT in msmodelslim output)
    embedding_params: int | None = None
    #: lm_head (vocab-parallel; 0 when tied to the embedding)
    lm_head_params: int | None = None
    #: attention q/k/v/o + MLP (or experts + router) weights and their biases: the quantizable
    #: linears, column/row parallel (divide by TP)
    linear_params: int | None = None
    #: RMSNorm weights incl. Qwen3 q_norm/k_norm: replicated on every rank, tiny
    norm_params: int | None = None
    #: per-layer linear weight params by HF module name ("self_attn.q_proj", "mlp.down_proj",
    #: "mlp.experts.gate_proj" = all experts of one layer, "mlp.gate" = router); lets the
    #: estimator price the linears a description leaves FLOAT
    layer_linear_params: dict[str, int] = field(default_factory=dict)
    #: layers that hold a KV cache (hybrid linear-attention models have fewer than num_hidden_layers)
    kv_cache_layers: int | None = None
    #: YaRN's original_max_position_embeddings: vLLM derives max_model_len from it × factor
    rope_original_max_position: int | None = None
    #: rope_scaling / rope_parameters type (yarn, linear, dynamic, default, mrope …)
    rope_scaling_type: str | None = None
    #: config fields the memory model needs that the source did not give
    missing_fields: list[str] = field(default_factory=list)
    #: fields present but unusable (zero, negative or absurd), as "name=value"
    invalid_fields: list[str] = field(default_factory=list)
    #: why param_count is None although the sizes are present (e.g. MLA or hybrid attention)
    param_note: str | None = None

    @property
    def complete(self) -> bool:
        """True when every field the memory model needs is known."""
        sizes = (self.num_hidden_layers, self.hidden_size, self.num_attention_heads, self.num_key_value_heads, self.vocab_size)
        return all(isinstance(v, int) and v > 0 for v in sizes)

    @property
    def kv_heads(self) -> int | None:
        return self.num_key_value_heads or self.num_attention_heads

    @property
    def head_size(self) -> int | None:
        if self.head_dim:
            return self.head_dim
        if self.hidden_size and self.num_attention_heads:
            return self.hidden_size // self.num_attention_heads
        return None

    @property
    def max_context(self) -> int | None:
        """max_position_embeddings × rope scaling factor (YaRN), the largest legal max-model-len.

        As vLLM's `_get_and_verify_max_len`: YaRN scales original_max_position_embeddings
        when the config gives it, other scaled types scale max_position_embeddings.
        """
        base = self.max_position_embeddings
        if self.rope_scaling_factor and self.rope_original_max_position:
            base = self.rope_original_max_position
        if base is None:
            return None
        return int(base * (self.rope_scaling_factor or 1.0))


@dataclass
class WeightsFacts:
    """What the weights folder (or the model name) says about the checkpoint format."""

    origin: str
    folder: str | None = None  # local folder path when it exists
    exists: bool = False
    #: W8A8 | W8A8_DYNAMIC | W8A8S | W8A8SC | FLOAT (unquantized) | other string | None unknown
    quant_type: str | None = None
    #: quant_model_description.json when present under that exact name (the only one vllm-ascend
    #: reads); None when only a misnamed variant exists (then see description_misnamed)
    description_file: str | None = None
    description_misnamed: str | None = None  # e.g. quant_model_description_w8a8s.json
    description_error: str | None = None  # unreadable / bad JSON
    #: tensor name -> quant type from the description (W8A8S, FLOAT, …)
    tensor_types: dict[str, str] = field(default_factory=dict, repr=False)
    rank_files: dict[int, list[str]] = field(default_factory=dict)  # rank -> file names
    #: exact bytes from safetensors headers when readable (sum over all files), per rank for SC
    safetensors_bytes: int | None = None
    safetensors_files: int = 0
    safetensors_errors: list[str] = field(default_factory=list)
    config_error: str | None = None  # config.json missing / corrupt in an existing folder
    #: the TP the name suggests (`-tp4`) when rank files cannot be seen
    name_tp: int | None = None
    inferred_from_name: bool = False
    #: A2/A3 variant hints (a quantized checkpoint without a 310P marker)
    not_310p_variant: bool = False

    # --- added by the facts part (wizard/facts/weights.py) ---
    #: W8A8SC: exact tensor bytes per rank file set (compressed: disk size, not device size)
    rank_bytes: dict[int, int] = field(default_factory=dict)
    #: linears stored compressed (1-D int8 `.weight` + `.index` + `.info`), over all rank files
    compressed_linears: int = 0
    #: linears stored as a dense 2-D int8 `.weight` (W8A8/W8A8S layout)
    dense_int8_linears: int = 0
    #: ranks whose file has dense int8 weights and no `.index`: compression failed there
    uncompressed_ranks: list[int] = field(default_factory=list)
    #: TP the rank-0 tensor shapes imply (qkv_proj / gate_up_proj rows vs config.json)
    shape_tp: int | None = None
    #: MindIE W8A8SC layout (`part{r}-of-{N}/` folders): vLLM cannot load it
    mindie_parts: list[str] = field(default_factory=list)
    #: remains of an interrupted compression: ori_quant_model_description.json,
    #: parameters_type_map.json, numeric <pid>/ folders
    leftovers: list[str] = field(default_factory=list)
    #: shard files an HF `*.safetensors.index.json` lists that are not in the folder
    missing_shards: list[str] = field(default_factory=list)

    @property
    def ranks(self) -> set[int]:
        return set(self.rank_files)

    @property
    def device_bytes_exact(self) -> int | None:
        """Safetensors bytes when they equal what the weights take on the device.

        Not for W8A8SC (compressed on disk, decompressed to full size on device), nor when a
        header is unreadable or a shard is missing.
        """
        if (self.safetensors_bytes is None or self.safetensors_errors or self.missing_shards
                or self.compressed_linears or self.quant_type == "W8A8SC"):
            return None
        return self.safetensors_bytes
