"""Per-chip estimates: weights, activation, KV cache, attention-mask peak, graph count."""
