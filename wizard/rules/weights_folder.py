"""Weights-folder integrity: what the folder scan saw that makes vLLM fail at load time.

Why: a truncated download, a missing HF shard, a W8A8SC compression that failed on one rank
(the official script still prints success) or a MindIE layout all pass every size rule and then
die minutes into `vllm serve` — or, for a rank left uncompressed, load and serve garbage. The
facts come from `wizard/facts/weights.py` (safetensors headers only, never tensor data).
"""

from __future__ import annotations

from wizard.findings import error, warning
from wizard.rules.registry import rule


def _folder(plan) -> str:
    return plan.weights.folder or plan.options.model or "?"


def _listed(names: list[str], most: int = 3) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


@rule("weights-file-unreadable", group="model")
def weights_file_unreadable(plan):
    """A safetensors file in the weights folder has no readable header (truncated or corrupt): vLLM fails at load."""
    problems = plan.weights.safetensors_errors
    if not problems:
        return
    yield error(
        "weights-file-unreadable",
        f"{len(problems)} safetensors file(s) in {_folder(plan)} cannot be read: {_listed(problems, 2)}; "
        "vLLM fails while loading them, after the start-up has already cost minutes",
        evidence=f"safetensors headers in {_folder(plan)}",
        fix="download or copy the file(s) again (compare sizes/checksums with the source); for W8A8SC rank "
            "files, re-run the compression (duowiz compress) — it verifies every rank file",
    )


@rule("weights-shard-missing", group="model")
def weights_shard_missing(plan):
    """The checkpoint's *.safetensors.index.json lists shard files that are not in the folder."""
    missing = plan.weights.missing_shards
    if not missing:
        return
    yield error(
        "weights-shard-missing",
        f"{len(missing)} shard file(s) listed in the safetensors index are not in {_folder(plan)}: "
        f"{_listed(missing)}; vLLM fails to load the checkpoint",
        evidence=f"*.safetensors.index.json weight_map in {_folder(plan)}",
        fix="finish the download (e.g. `modelscope download` / `huggingface-cli download` resumes), then check again",
    )


@rule("compression-incomplete", "compression-leftovers", group="model", docs={
    "compression-incomplete": "A W8A8SC rank file still holds dense int8 weights (no .index/.info): compression failed for that rank.",
    "compression-leftovers": "Remains of an interrupted compression in the weights folder (ori_quant_model_description.json, <pid>/ folders).",
})
def compression_incomplete(plan):
    """W8A8SC rank files that were not compressed, or the remains of an interrupted compression."""
    w = plan.weights
    if w.uncompressed_ranks:
        ranks = ", ".join(map(str, sorted(w.uncompressed_ranks)))
        yield error(
            "compression-incomplete",
            f"rank file(s) of rank {ranks} in {_folder(plan)} hold dense 2-D int8 weights with no .index/.info "
            "tensors: the W8A8SC compression failed there (save_sharded_state_310.py still exits 0), and "
            "vLLM's W8A8SC loader cannot use them",
            evidence=f"safetensors headers of model-rank-{{{ranks}}}-part-*.safetensors",
            fix=f"re-compress the W8A8S weights for TP {plan.options.tensor_parallel_size} "
                f"(duowiz compress --tp {plan.options.tensor_parallel_size}: it checks every rank file and the log)",
        )
    if w.leftovers and (w.rank_files or (w.quant_type or "").upper() == "W8A8SC"):
        yield warning(
            "compression-leftovers",
            f"{_folder(plan)} holds remains of an interrupted W8A8SC compression ({_listed(w.leftovers)}): "
            "the rank files beside them may be incomplete",
            evidence=f"files in {_folder(plan)}",
            fix="re-run the compression into a fresh folder (duowiz compress writes to a temp folder and "
                "renames only after every rank file verifies)",
        )


@rule("weights-layout-mindie", group="model")
def weights_layout_mindie(plan):
    """W8A8SC weights in MindIE's part{r}-of-{N}/ layout: vLLM's sharded_state loader cannot read them."""
    parts = plan.weights.mindie_parts
    if not parts or plan.weights.rank_files:
        return
    yield error(
        "weights-layout-mindie",
        f"{_folder(plan)} has MindIE-style W8A8SC folders ({_listed(parts)}); vLLM loads only "
        "model-rank-{r}-part-{p}.safetensors files written by vllm-ascend's save_sharded_state_310.py",
        evidence=f"folders in {_folder(plan)}",
        fix=f"compress the W8A8S weights with vllm-ascend's script: duowiz compress --model <W8A8S folder> "
            f"--tp {plan.options.tensor_parallel_size} --output <new folder>",
    )
