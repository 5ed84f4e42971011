"""Every empirical constant of the estimator, in one place, each with where it came from.

Sources: shared/reference/observed-startup-numbers.md (C1–C4, public vllm-ascend issues) and
shared/reference/310p-facts.md (formulas read from vllm-ascend v0.18.0). There are few data
points; a constant that only one point supports says so.
"""

GiB = 1024**3
MiB = 1024**2

#: Bytes that are neither weights nor activations in vLLM's profile ("non-torch memory":
#: HCCL buffers, runtime workspace). C2 (issue 10122, TP2 MoE, v0.20.2rc1) logs 1.05 GiB.
#: Supported by C2 only.
NON_TORCH_BYTES = int(1.05 * GiB)

#: Peak activation of the profile run per (batched token × hidden size), bytes. Fitted so that
#: C1 (issue 5599: Qwen3-8B W8A8S TP1, L 16384, u 0.90, 44280 MB chip → 12.04 GiB KV,
#: 87,552 tokens) is reproduced: 12.04·2 = 38.92 − 10.94 (weights) − 1.05 (non-torch)
#: − 1.49 (driver/idle used) − act → act ≈ 1.35 GiB at T = 2048, hidden 4096.
#: Supported by C1 only; C2 (MoE, hidden 2048) logs 1.71 GiB peak activation, same order.
ACTIVATION_BYTES_PER_TOKEN_HIDDEN = 170

#: vLLM rounds the KV cache to whole blocks; 310P uses 128-token blocks for head_dim ≤ 128
#: (vllm-ascend _310p/model_runner_310p.py; checked against C1: 684 blocks → 87,552 tokens).
KV_BLOCK_TOKENS = 128

#: Attention-mask memory (310p-facts.md §2): build peak 6·L², resident 4·L² after the first
#: chunked-prefill batch plus 6·T·L transient. Bytes per element fp16 = 2, ×3 for the
#: ND→FRACTAL_NZ conversion copy. Checked against the user report "16384 works, slightly larger
#: OOMs at u = 0.9" and the maintainers' 20480 reference config (mask-headroom-evidence.md).
MASK_BUILD_PEAK_FACTOR = 6
MASK_RESIDENT_FACTOR = 4
MASK_CHUNK_FACTOR = 6

#: A mask peak above this share of the safe headroom is "tight" (rules.md mask-headroom-tight).
MASK_TIGHT_SHARE = 0.80

#: FULL_DECODE_ONLY graphs with TP > 1: the documented limit ("Qwen3-32B can capture and
#: replay 2 graphs"; newer docs: "at most two capture sizes") …
DOCUMENTED_TP_GRAPH_LIMIT = 2
#: … and a depth-scaled estimate floor(B / num_hidden_layers) that fits both public points:
#: Qwen3-32B (64 layers) TP4 → 2 OK; Qwen3-14B (40 layers) TP2 → 4 captured, the 5th failed.
#: An inference, labelled as such in every message that uses it.
GRAPH_EVENT_BUDGET = 160

#: A chip counts as "in use by another process" above its idle driver use (310p-facts.md §1:
#: idle chips show ≈ 1000–1900 MB used).
IDLE_USED_MAX_MB = 2000
