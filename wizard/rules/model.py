"""Model and weights rules: facts availability, quant formats, description file, W8A8SC ranks."""

from __future__ import annotations

from wizard.findings import error, info, warning
from wizard.rules.registry import rule

SUPPORTED_QUANT = {"W8A8", "W8A8_DYNAMIC", "W8A8S", "W8A8SC"}
#: quantization_config.quant_method values 310P cannot run (vllm-ascend 310P quant methods are
#: only msmodelslim's W8A8 / W8A8S / W8A8SC family)
UNSUPPORTED_METHODS = {"compressed-tensors", "fp8", "awq", "gptq", "bitsandbytes", "gguf", "marlin", "awq_marlin", "gptq_marlin", "modelopt", "mxfp4"}


def _folder(plan) -> str:
    return plan.weights.folder or plan.options.model or "?"


@rule("model-facts-unavailable", group="model")
def model_facts_unavailable(plan):
    """No usable config.json and not in the built-in catalog: memory checks are skipped."""
    if plan.model is not None and plan.model.complete:
        return
    model = plan.options.model or "(no model given)"
    why = plan.weights.config_error or (
        (f"config.json has unusable values {', '.join(plan.model.invalid_fields)}" if plan.model.invalid_fields
         else f"config.json lacks {', '.join(plan.model.missing_fields or ['layer/head/hidden sizes'])}")
        if plan.model is not None
        else f"{model} is not a local folder and not in the built-in catalog"
    )
    from wizard.assemble import effective_max_model_len

    mask = (
        " (the attention-mask check needs no model facts and still ran)"
        if effective_max_model_len(plan)
        else "; without --max-model-len the attention-mask check was skipped too"
    )
    yield warning(
        "model-facts-unavailable",
        f"model facts unavailable for {model}: {why}; weights, KV-cache and graph-depth checks were skipped{mask}",
        evidence=plan.weights.config_error and f"file {_folder(plan)}/config.json" or f"model {model}",
        fix=(
            f"complete {_folder(plan)}/config.json (copy the upstream checkpoint's config.json; missing: "
            f"{', '.join(getattr(plan.model, 'missing_fields', None) or ['sizes'])})"
            if plan.model is not None and plan.weights.exists
            else "run the check where the weights folder is, or pass a local folder holding config.json"
        ),
    )


@rule("quant-format-unsupported", group="model")
def quant_format_unsupported(plan):
    """A quant format 310P cannot run (W4A8, compressed-tensors, fp8, AWQ, GPTQ …)."""
    method = (plan.model.quant_method or "").lower() if plan.model else ""
    flagged = method in UNSUPPORTED_METHODS or (plan.options.quantization or "").lower() in UNSUPPORTED_METHODS
    if flagged:
        name = method or plan.options.quantization
        yield error(
            "quant-format-unsupported",
            f"{name} quantization is not supported on 310P (only msmodelslim W8A8 / W8A8S / W8A8SC via --quantization ascend)",
            evidence=f"config.json quantization_config.quant_method = {method}" if method else f"flag --quantization {name}",
            fix="use float16 weights or an msmodelslim W8A8S/W8A8SC 310P checkpoint with --quantization ascend",
        )
    qtype = (plan.weights.quant_type or "").upper()
    if qtype and qtype not in SUPPORTED_QUANT and qtype != "FLOAT" and not flagged:
        yield error(
            "quant-format-unsupported",
            f"weights are {qtype}, which 310P cannot run (supported: W8A8, W8A8_DYNAMIC, W8A8S, W8A8SC)",
            evidence=plan.weights.description_file and f"file {plan.weights.description_file}" or plan.weights.origin,
            fix="quantize with msmodelslim's 310P W8A8S recipe (then compress to W8A8SC), or serve float16 weights",
        )


@rule("checkpoint-not-310p-variant", group="model")
def checkpoint_not_310p_variant(plan):
    """A quantized checkpoint made for A2/A3 where a 310P variant is needed."""
    if plan.weights.not_310p_variant:
        yield warning(
            "checkpoint-not-310p-variant",
            f"{plan.options.model} looks like an A2/A3 quantized checkpoint (no -310 marker): 310P needs "
            "the W8A8S/W8A8SC variants made with the 310P recipe",
            evidence=plan.weights.origin,
            fix="use the -310 variant (e.g. Eco-Tech/Qwen3-8B-w8a8s-310) or quantize with the 310P recipe",
        )


@rule("description-file-misnamed", group="model")
def description_file_misnamed(plan):
    """The quant description exists only under another name; vllm-ascend reads quant_model_description.json."""
    w = plan.weights
    if w.description_misnamed and not w.description_file:
        yield error(
            "description-file-misnamed",
            f"{w.description_misnamed} found but vllm-ascend only reads quant_model_description.json: "
            "the weights would load as float16 (or fail)",
            evidence=f"file {_folder(plan)}/{w.description_misnamed}",
            fix=f"cp {_folder(plan)}/{w.description_misnamed} {_folder(plan)}/quant_model_description.json",
        )


@rule("quantization-flag-mismatch", group="model")
def quantization_flag_mismatch(plan):
    """--quantization ascend without a description file, or a description file with another --quantization."""
    w, q = plan.weights, (plan.options.quantization or "").lower()
    if not w.exists:
        return
    if q == "ascend" and not w.description_file and not w.description_misnamed:
        yield error(
            "quantization-flag-mismatch",
            f"--quantization ascend but {_folder(plan)} has no quant_model_description.json (float weights?)",
            evidence="flag --quantization ascend",
            fix="drop --quantization ascend for float16 weights, or point at the msmodelslim output folder",
        )
    elif w.description_file and q and q != "ascend":
        yield error(
            "quantization-flag-mismatch",
            f"{w.description_file} says {w.quant_type} but --quantization {q} was given",
            evidence=f"flag --quantization {q}",
            fix="use --quantization ascend",
        )


@rule("w8a8sc-needs-sharded-state", group="model")
def w8a8sc_needs_sharded_state(plan):
    """W8A8SC weights without --load_format sharded_state."""
    if (plan.weights.quant_type or "").upper() == "W8A8SC" and plan.options.load_format != "sharded_state":
        yield error(
            "w8a8sc-needs-sharded-state",
            f"W8A8SC weights need --load_format sharded_state (got {plan.options.load_format}): "
            "the default loader fails with KeyError …deq_scale",
            evidence=plan.weights.origin,
            fix='add --load_format="sharded_state"',
        )


@rule("sharded-state-tp-mismatch", group="model")
def sharded_state_tp_mismatch(plan):
    """W8A8SC rank files present are not exactly {0..TP−1}."""
    w, tp = plan.weights, plan.options.tensor_parallel_size
    if (w.quant_type or "").upper() != "W8A8SC":
        return
    want = set(range(tp))
    if w.rank_files:
        have = w.ranks
        evidence = f"rank files model-rank-{{{_ranges(sorted(have))}}}-part-*.safetensors in {_folder(plan)}"
    elif w.name_tp:
        if plan.compress_from and not w.exists:
            return  # not made yet: duowiz compresses it for the plan's TP (compression-needed)
        have = set(range(w.name_tp))
        evidence = f"TP{w.name_tp} inferred from the name {plan.options.model}"
    else:
        return
    if have == want and w.rank_files and w.shape_tp and w.shape_tp != tp:
        # The names fit but the tensors do not: ranks copied from a compression for another TP.
        yield error(
            "sharded-state-tp-mismatch",
            f"the rank files are named for TP {tp} but their rank-0 tensors are cut for TP {w.shape_tp} "
            "(qkv_proj / gate_up_proj rows vs config.json): the ranks come from a compression for another "
            "TP, and vLLM would load wrong weights or fail on a shape mismatch",
            evidence=f"{evidence}; rank-0 tensor shapes",
            fix=f"use the complete TP {w.shape_tp} folder with --tensor-parallel-size {w.shape_tp}, "
                f"or re-compress the W8A8S weights for TP {tp} (duowiz compress --tp {tp})",
        )
        return
    if have != want:
        made_for = len(have) if have == set(range(len(have))) else sorted(have)
        effect = (
            "a smaller TP loads silently wrong weights" if tp < len(have) else "vLLM fails with \"Could not find checkpoint files\""
        )
        yield error(
            "sharded-state-tp-mismatch",
            f"W8A8SC weights were compressed for TP {made_for} but the plan uses TP {tp}: {effect}",
            evidence=evidence,
            fix=_tp_mismatch_fix(plan, len(have), tp),
        )


def _ranges(ranks: list[int]) -> str:
    """0,1,2,3 stays as it is; 0..4999 (a folder of thousands) does not flood the evidence."""
    if len(ranks) <= 8:
        return ",".join(map(str, ranks))
    runs, start = [], ranks[0]
    for prev, cur in zip(ranks, ranks[1:] + [None]):
        if cur != prev + 1 if cur is not None else True:
            runs.append(str(start) if start == prev else f"{start}..{prev}")
            start = cur
    return ",".join(runs[:8]) + (f",… ({len(ranks)} ranks)" if len(runs) > 8 else "")


def _tp_mismatch_fix(plan, made_for: int, tp: int) -> str:
    from wizard.rules.parallel import valid_tps

    m = plan.model
    tp_ok = m is None or not m.num_attention_heads or tp in valid_tps(m.num_attention_heads, m.kv_heads or m.num_attention_heads, max(tp, 16))
    fix = f"use --tensor-parallel-size {made_for}"
    if tp_ok:
        fix += f", or re-compress the W8A8S weights for TP {tp} (duowiz compress --tp {tp})"
    return fix


@rule("compression-needed", group="model")
def compression_needed(plan):
    """W8A8SC is planned and only W8A8S weights exist: duowiz will compress them for this TP."""
    if plan.compress_from and not plan.weights.exists:
        tp = plan.options.tensor_parallel_size
        yield info(
            "compression-needed",
            f"{plan.options.model} is not on this machine: `duowiz --profile` compresses {plan.compress_from} (W8A8S) "
            f"into it for TP {tp} before launching (needs TP NPUs, msmodelslim, and the W8A8S size again on disk)",
            evidence=f"profile compress_from {plan.compress_from}",
            fix=f"duowiz compress --model {plan.compress_from} --tp {tp} --output {plan.options.model}",
        )


@rule("compression-target-misnamed", group="model")
def compression_target_misnamed(plan):
    """The W8A8SC folder to be made says another TP in its name (`-tp4`) than the plan compresses for."""
    w, tp = plan.weights, plan.options.tensor_parallel_size
    if not plan.compress_from or w.exists or not w.name_tp or w.name_tp == tp:
        return
    import re

    model = plan.options.model or ""
    renamed = re.sub(r"(?i)(^|[-_/])tp\d{1,3}(?=/?$|/)", lambda m: f"{m.group(1)}tp{tp}", model.rstrip("/"))
    yield warning(
        "compression-target-misnamed",
        f"the plan compresses for TP {tp} into {model}, whose name says TP {w.name_tp}: the rank files and the "
        "name would disagree, and every later check (and person) reading the TP from the name is misled",
        evidence=f"profile model {model}; TP {tp}",
        fix=f"name the output for its TP: model: {renamed}" if renamed != model.rstrip("/")
        else f"name the output folder with -tp{tp}",
    )
