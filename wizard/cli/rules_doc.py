"""Render docs/rules.md from the rule registry, so the docs cannot drift from the code.

`python -m wizard.cli.rules_doc > docs/rules.md`; tests/test_rules_doc.py checks it is current.
"""

from __future__ import annotations

HEADER = """# Finding codes

Generated from the rule registry (`python -m wizard.cli.rules_doc > docs/rules.md`); `duowiz rules`
prints the same. Codes are a public interface (JSON output, `--ignore CODE`): new ones are added,
none is renamed. The codes of `shared/reference/rules.md` are all here; codes added by duowiz
are marked *(duowiz)*.
"""

#: the codes fixed by shared/reference/rules.md; anything else is a duowiz addition
REFERENCE_CODES = {
    "no-310p-detected", "chip-unhealthy", "not-enough-chips", "visible-devices-invalid", "chip-memory-in-use",
    "gmu-exceeds-free-memory", "triton-installed", "triton-residue", "stack-version-mismatch", "image-not-310p",
    "release-without-310p", "arch-unsupported-on-release", "spec-decode-unsupported", "known-bad-versions",
    "v0-engine-multicard", "model-facts-unavailable", "quant-format-unsupported", "checkpoint-not-310p-variant",
    "description-file-misnamed", "quantization-flag-mismatch", "w8a8sc-needs-sharded-state",
    "sharded-state-tp-mismatch", "compression-needed", "tp-not-divisor", "parallel-mode-unsupported",
    "dtype-not-float16", "kv-cache-dtype-unsupported", "fuse-norm-quant-enabled", "option-unsupported-on-310p",
    "unknown-ascend-config-key", "prefix-caching-enabled", "graph-count-over-limit", "launch-blocking-with-graph",
    "hccl-aiv-unverified", "unknown-flag", "invalid-flag-value", "max-model-len-unset",
    "max-model-len-exceeds-model", "weights-do-not-fit", "kv-cache-too-small", "mask-exceeds-memory",
    "mask-headroom-tight", "low-concurrency", "port-in-use", "public-bind-without-api-key",
}

#: codes emitted outside the rule registry: the launch supervisor's log reader and the compressor
RUNTIME_CODES = {
    "server-exited": "error: the server exited before it was ready (known log lines map to the codes above)",
    "server-not-ready": "error: /health or /v1/models did not answer within the readiness timeout",
    "smoke-test-failed": "error: the server answered /v1/models but the one-token completion failed",
    "compress-failed": "error: the compression script failed, or printed `Error processing Rank file`, or a rank file is missing or not compressed",
    "compress-output-exists": "error: the output folder exists and is not a valid W8A8SC folder for this TP",
    "compress-output-path-invalid": "error: the output path has characters outside [_A-Za-z0-9/.-]",
    "compress-source-missing": "error: the W8A8S source folder does not exist",
    "compress-source-not-w8a8s": "error: the source folder's description does not say W8A8S",
    "compress-script-missing": "error: save_sharded_state_310.py not found in the installed vllm-ascend (use --script)",
    "msmodelslim-missing": "error: msmodelslim (its compress_excutor) is not installed",
    "compress-disk-insufficient": "error: free disk below the W8A8S source size",
    "compress-ram-insufficient": "error: host RAM below ≈ 2.5 × rank-file size + 0.6 GB per process",
    "compress-bad-input": "error: unusable compression arguments",
    "compression-reused": "info: a valid W8A8SC output for this TP already exists and is reused",
}


def render() -> str:
    from wizard.rules.registry import all_rules

    lines = [HEADER]
    by_group: dict[str, list[tuple[str, str, str]]] = {}
    for r in all_rules():
        for code in r.codes:
            by_group.setdefault(r.group, []).append((code, r.name, r.summary_for(code)))
    for group in sorted(by_group):
        lines += [f"## {group}", "", "| code | rule | when |", "|---|---|---|"]
        for code, name, summary in sorted(by_group[group]):
            mark = "" if code in REFERENCE_CODES else " *(duowiz)*"
            lines.append(f"| `{code}`{mark} | `{name}` | {summary.replace('|', '/')} |")
        lines.append("")
    lines += ["## runtime (emitted by `duowiz --profile` and `duowiz compress`, not by `check`)", "", "| code | when |", "|---|---|"]
    lines += [f"| `{code}` *(duowiz)* | {when} |" for code, when in sorted(RUNTIME_CODES.items())]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
