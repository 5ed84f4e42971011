"""What a model id or path name says: base model, quant format, TP, 310P marker.

Why: a hub id (`Eco-Tech/Qwen3-8B-w8a8s-310`) or a path that is not on this machine
(`/save-path/…/TP4/Qwen3-32B-w8a8sc-310-vllm-tp4/`) is all `check` has when the folder is
elsewhere. The published 310P weights follow a naming convention (Eco-Tech / vllm-ascend repos:
`<Base>-<quant>-310[-vllm][-tpN]`), so the name is a usable — but explicitly *inferred* — hint.
Nothing here touches the disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: msmodelslim formats (model_quant_type spelling) recognised in names, longest first
_MSMODELSLIM = [
    ("w8a8sc", "W8A8SC"),
    ("w8a8s", "W8A8S"),
    ("w8a8-dynamic", "W8A8_DYNAMIC"),
    ("w8a8_dynamic", "W8A8_DYNAMIC"),
    ("w4a8-dynamic", "W4A8_DYNAMIC"),
    ("w4a8_dynamic", "W4A8_DYNAMIC"),
    ("w8a8", "W8A8"),
    ("w4a8", "W4A8"),
    ("w8a16", "W8A16"),
    ("w4a16", "W4A16"),
]
#: other checkpoint formats a name can carry (reported as-is; config.json is the real authority)
OTHER_FORMATS = {"fp8": "FP8", "awq": "AWQ", "gptq": "GPTQ", "int4": "INT4", "int8": "INT8"}
#: formats only the 310P can produce/run: their name needs no `-310` marker to be a 310P variant
SPARSE_310P_ONLY = {"W8A8S", "W8A8SC"}

_SEP = r"[-_]"
_TP = re.compile(r"^tp(\d{1,3})$")
_MARKER_310 = {"310", "310p", "310p3", "300i", "duo"}
#: tokens that describe the packaging, not the model (stripped from the end of a leaf)
_PACKAGING = {"vllm", "ascend", "msmodelslim", "mindie", "npu"}


@dataclass(frozen=True)
class NameInfo:
    """Hints parsed from a model id or path. `base` is lower-case, e.g. `qwen3-32b`."""

    raw: str
    leaf: str  # the path component that names the model (original case)
    org: str | None
    base: str
    quant_type: str | None  # W8A8SC / W8A8S / W8A8 / W8A8_DYNAMIC / W4A8 / FP8 / AWQ …
    tp: int | None
    has_310_marker: bool

    @property
    def not_310p_variant(self) -> bool:
        """A quantized checkpoint whose name lacks the 310P marker: likely an A2/A3 recipe.

        W8A8S/W8A8SC only exist for the 300I Duo, so they never count. FP8/AWQ/GPTQ are left
        to config.json (quant_method): they are not msmodelslim formats at all.
        """
        if self.quant_type is None or self.has_310_marker or self.quant_type in SPARSE_310P_ONLY:
            return False
        return self.quant_type in {q for _, q in _MSMODELSLIM}


def parse_model_name(name: str) -> NameInfo:
    """Split `org/Name-quant-310-vllm-tpN` (or a path) into its hints."""
    raw = name
    parts = [p for p in re.split(r"[\\/]+", name.strip()) if p and p not in (".", "..")]
    tp = None
    has_310 = False
    for part in parts:
        for token in re.split(_SEP, part.lower()):
            m = _TP.match(token)
            if m:
                tp = int(m.group(1))  # the innermost (last) one wins
            if token in _MARKER_310:
                has_310 = True
    leaf_index = _leaf_index(parts)
    leaf = parts[leaf_index] if parts else ""
    is_hub_id = len(parts) >= 2 and not name.strip().startswith(("/", ".", "~", "\\"))
    org = parts[0] if is_hub_id else None
    base, quant = strip_variant(leaf)
    # a quant token may sit in a parent folder: /x/Qwen3-32B-w8a8sc-310-vllm/TP4/model
    for part in reversed(parts[:leaf_index]):
        if quant is not None:
            break
        quant = strip_variant(part)[1]
    return NameInfo(raw=raw, leaf=leaf, org=org, base=base, quant_type=quant, tp=tp,
                    has_310_marker=has_310)


def strip_variant(leaf: str) -> tuple[str, str | None]:
    """`Qwen3-32B-w8a8sc-310-vllm-tp4` → (`qwen3-32b`, `W8A8SC`). Strips from the end only."""
    text = leaf.lower()
    quant = None
    changed = True
    while changed and text:
        changed = False
        for token, qtype in _MSMODELSLIM + list(OTHER_FORMATS.items()):
            if re.search(_SEP + re.escape(token) + "$", text):
                text = text[: -len(token) - 1]
                quant = quant or qtype
                changed = True
                break
        if changed:
            continue
        m = re.search(_SEP + r"([a-z0-9]+)$", text)
        if m and (m.group(1) in _MARKER_310 or m.group(1) in _PACKAGING or _TP.match(m.group(1))):
            text = text[: m.start()]
            changed = True
    return text, quant


def _leaf_index(parts: list[str]) -> int:
    """The last component, unless it is only a `TPn` folder (then its parent names the model)."""
    for i in range(len(parts) - 1, -1, -1):
        if not _TP.match(parts[i].lower()):
            return i
    return max(len(parts) - 1, 0)


_MOE_SIZE = re.compile(r"-a\d+(\.\d+)?b(\b|-|$)")


def architecture_hint(name: str) -> tuple[list[str], str] | None:
    """(architectures, model_type) guessed from a well-known family name, or None.

    Only for families whose naming is unambiguous; callers must label the result
    "inferred from the name" (the release rules use it when no config.json is at hand).
    """
    base = parse_model_name(name).base
    moe = bool(_MOE_SIZE.search(base))
    if base.startswith("deepseek"):
        if "distill-qwen" in base:
            return ["Qwen2ForCausalLM"], "qwen2"
        if "distill-llama" in base:
            return ["LlamaForCausalLM"], "llama"
        if re.match(r"deepseek-(v3|r1|v3\.\d)", base):
            return ["DeepseekV3ForCausalLM"], "deepseek_v3"
        if base.startswith("deepseek-v2"):
            return ["DeepseekV2ForCausalLM"], "deepseek_v2"
        return None
    if base.startswith(("qwen3.5", "qwen3.6")):
        if moe:
            return ["Qwen3_5MoeForConditionalGeneration"], "qwen3_5_moe"
        return ["Qwen3_5ForConditionalGeneration"], "qwen3_5"
    if base.startswith("qwen3-vl"):
        if moe:
            return ["Qwen3VLMoeForConditionalGeneration"], "qwen3_vl_moe"
        return ["Qwen3VLForConditionalGeneration"], "qwen3_vl"
    if base.startswith("qwen3-"):
        if moe:
            return ["Qwen3MoeForCausalLM"], "qwen3_moe"
        return ["Qwen3ForCausalLM"], "qwen3"
    if base.startswith("qwen2.5-vl"):
        return ["Qwen2_5_VLForConditionalGeneration"], "qwen2_5_vl"
    if base.startswith(("qwen2.5-", "qwen2-")):
        if moe:
            return ["Qwen2MoeForCausalLM"], "qwen2_moe"
        return ["Qwen2ForCausalLM"], "qwen2"
    return None
