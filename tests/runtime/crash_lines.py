"""Known failure lines (as the real server prints them) and the finding code each must map to.
Sources: reference/vllm-ascend-310p.md §7 (verbatim start-up messages) and the public reports
behind the cases (bisheng/triton, socversion, event exhaustion)."""

CRASH_LINES = [
    ("RuntimeError: NPUModelRunner init failed, error is NPU out of memory. Tried to allocate 3.12 GiB",
     "mask-exceeds-memory"),
    ("RuntimeError: NPUModelRunner init failed, error is The current working event has been exhausted",
     "graph-count-over-limit"),
    ("ValueError: Could not find checkpoint files 'model-rank-2-part-*.safetensors', only pre-sharded checkpoints "
     "are currently supported!", "sharded-state-tp-mismatch"),
    ("bisheng: error: unsupported option '--target=ascend310p' for triton kernel", "triton-installed"),
    ("RuntimeError: socversion Ascend310P3 does not match the installed build (Ascend910B)", "image-not-310p"),
    ("ValueError: Free memory on device (20.1/42.7 GiB) on startup is less than desired GPU memory utilization "
     "(0.9, 38.4 GiB).", "gmu-exceeds-free-memory"),
    ("ValueError: To serve at least one request with the models's max seq len (32768), (8.00 GiB KV cache is needed, "
     "which is larger than the available KV cache memory (5.77 GiB).", "kv-cache-too-small"),
    ("NotImplementedError: AscendAttentionState: SpecDecoding is not supported for 310P currently.",
     "option-unsupported-on-310p"),
    ("ValueError: ACL graph is incompatible with ASCEND_LAUNCH_BLOCKING=1.", "launch-blocking-with-graph"),
    ("OSError: [Errno 98] Address already in use", "port-in-use"),
]
