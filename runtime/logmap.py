"""Known vLLM / vllm-ascend failure lines on 310P → the same finding codes `duowiz check` uses.

A server that dies after ten minutes of loading should be explained in the words of the
pre-flight check, with the fix. Messages come from the sources listed in
reference/vllm-ascend-310p.md §7 (start-up checks, verbatim) and the public reports behind
the cases (bisheng/triton, socversion, event exhaustion). The first matching pattern per line
wins; each code is reported once, with the first line that showed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from wizard.findings import Finding, error


@dataclass(frozen=True)
class LogPattern:
    code: str
    regex: re.Pattern
    message: str
    fix: str


def _p(code: str, pattern: str, message: str, fix: str) -> LogPattern:
    return LogPattern(code, re.compile(pattern, re.IGNORECASE), message, fix)


#: order matters: specific before generic (an OOM inside "NPUModelRunner init failed" is the mask)
PATTERNS: tuple[LogPattern, ...] = (
    _p("port-in-use", r"address already in use",
       "the server could not bind its port: another process holds it",
       "stop the other server or choose another --port"),
    _p("gmu-exceeds-free-memory", r"Free memory on device .* less than desired GPU memory utilization|Free memory on device",
       "vLLM refused to start: total × gpu-memory-utilization exceeds the free memory on a chip",
       "lower --gpu-memory-utilization, or free the chip (npu-smi info shows the other process)"),
    _p("kv-cache-too-small", r"To serve at least one request with the models?'?s max seq len|No available memory for the cache blocks|larger than the available KV cache memory",
       "the KV cache cannot hold one max-model-len sequence",
       "lower --max-model-len (the log line names the largest that fits) or raise --gpu-memory-utilization"),
    _p("graph-count-over-limit", r"current working event|stream wait event failed|rtStreamWaitEvent|resource alloc fail|event.{0,20}(exhaust|resource|limit)",
       "graph capture ran out of hardware event ids (TP > 1 allows very few FULL_DECODE_ONLY graphs on 310P)",
       "capture at most two sizes at TP > 1, e.g. \"cudagraph_capture_sizes\": [16, 32], or use --enforce-eager"),
    _p("mask-exceeds-memory", r"NPUModelRunner init failed.*(out of memory|OOM|alloc)|(NPU|device) out of memory|out of memory",
       "the chip ran out of memory during graph capture / first request (the O(L²) attention mask is allocated after the KV cache)",
       "lower --max-model-len or --gpu-memory-utilization to leave headroom for the mask (`duowiz check` on the same line names the largest --max-model-len that fits)"),
    _p("sharded-state-tp-mismatch", r"Could not find checkpoint files",
       "the sharded_state weights have fewer rank files than --tensor-parallel-size",
       "serve with the TP the weights were compressed for, or compress again: duowiz compress --tp N"),
    _p("triton-installed", r"bisheng.*(--target|target)|triton.*(--target|unsupported target|bisheng)|No module named 'triton_ascend'",
       "triton / triton-ascend is installed: its bisheng compiler has no 310P target",
       "pip uninstall -y triton triton-ascend && rm -rf <site-packages>/triton"),
    _p("image-not-310p", r"socversion.*does not match|does not match the installed version's device type|Can ?not support (runtime )?soc_version",
       "this vllm-ascend build is not for 310P (socversion / device type mismatch)",
       "use a -310p image, e.g. quay.io/ascend/vllm-ascend:v0.18.0-310p, or a 310P build of vllm-ascend"),
    _p("launch-blocking-with-graph", r"ACL graph is incompatible with ASCEND_LAUNCH_BLOCKING",
       "ASCEND_LAUNCH_BLOCKING=1 cannot run with graph mode",
       "unset ASCEND_LAUNCH_BLOCKING, or add --enforce-eager"),
    _p("quantization-flag-mismatch", r"ModelSlim Quantization Config Not Found",
       "--quantization ascend but the weights folder has no quant_model_description.json",
       "point --model at the quantized folder, or drop --quantization ascend for float weights"),
    _p("quant-format-unsupported", r"doesn't support \S+ for|Unsupported quant_type=|Only Unquant and W8A8 is supported",
       "vllm-ascend on 310P cannot run this quantization format",
       "use W8A8, W8A8S or W8A8SC weights made for 310P"),
    _p("option-unsupported-on-310p", r"not supported for 310P|310P does not support|not supported on 310P|is not supported on Ascend 310P",
       "an option or model feature this 310P build cannot run",
       "remove the option named in the log line (LoRA, KV transfer, MLA, pooling, speculative decoding …)"),
)


def match_line(line: str) -> LogPattern | None:
    for pattern in PATTERNS:
        if pattern.regex.search(line):
            return pattern
    return None


def findings_from_lines(lines: list[str], log_path: str | Path | None = None) -> list[Finding]:
    """One finding per recognised code, with the first line that showed it as evidence."""
    seen: dict[str, Finding] = {}
    where = f"{log_path}" if log_path else "server log"
    for number, line in enumerate(lines, start=1):
        pattern = match_line(line)
        if pattern is None or pattern.code in seen:
            continue
        text = line.strip()
        if len(text) > 300:
            text = text[:297] + "..."
        seen[pattern.code] = error(
            pattern.code,
            pattern.message,
            evidence=f"{where}:{number}: {text}",
            fix=pattern.fix,
            line=number,
        )
    return list(seen.values())


def findings_from_log(path: str | Path) -> list[Finding]:
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return findings_from_lines(lines, path)
