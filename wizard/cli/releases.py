"""`duowiz releases`: what each vllm-ascend release can do on 310P (table or --json).

`--validate` runs the strict schema over the shipped knowledge file (the check path never does,
to stay fast) and exits 2 with the first problems when it does not pass.
"""

from __future__ import annotations

import json
import sys

FEATURES = ("graph_mode", "pooling", "spec_decode", "compressed_mask", "fuse_norm_quant_auto_skipped",
            "npugraph_ex_forced_off", "npugraph_ex_true_unsupported")
_SHORT = {"graph_mode": "graph", "pooling": "pool", "spec_decode": "mtp", "compressed_mask": "cmask",
          "fuse_norm_quant_auto_skipped": "fnq-skip", "npugraph_ex_forced_off": "npgx-off",
          "npugraph_ex_true_unsupported": "npgx-true-bad"}
_LEGEND = {
    "graph": "FULL_DECODE_ONLY graph mode on 310P",
    "pool": "pooling / embedding models (--runner pooling)",
    "mtp": "speculative decoding / MTP",
    "cmask": "fixed-size 2048² attention mask instead of the O(L²) one",
    "fnq-skip": "fuse_norm_quant skipped on 310P automatically (no need to set it false)",
    "npgx-off": "enable_npugraph_ex forced off on 310P",
    "npgx-true-bad": "an explicit enable_npugraph_ex: true is unsupported (docs) yet honoured",
}


def add_arguments(p) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable rows")
    p.add_argument("--validate", action="store_true", help="check knowledge.yaml against its schema")


def rows() -> list[dict]:
    """One row per release entry: 310P status, image, stack, features, architectures."""
    from wizard.releases.knowledge import load_knowledge
    from wizard.releases.versions import version_key

    knowledge = load_knowledge()
    out = []
    for entry in knowledge.releases:
        key = version_key(str(entry["version"]))
        features = {f: knowledge.feature_available(f, key) for f in FEATURES}
        if features.get("compressed_mask"):
            features["compressed_mask"] = "if torch_npu has the v3/v2 kernels"
        archs = {}
        for family in knowledge.data.get("architectures") or []:
            verdict = knowledge.architecture_verdict(key, (family["model_types"] or [None])[0], family.get("architectures") or [])
            if verdict is not None:
                archs[family["family"]] = verdict[0]
        out.append({
            "version": entry["version"],
            "last": entry.get("last"),
            "line": entry["line"],
            "vllm": entry["vllm"],
            "status_310p": entry["status_310p"],
            "engine_default": entry["engine_default"],
            "image_310p": entry.get("image_310p"),
            "stack": [{"cann": p["cann"], "torch_npu": p["torch_npu"]} for p in entry.get("stack") or []],
            "features": features,
            "architectures": archs,
            "notes": entry.get("notes"),
            "source": entry["source"],
        })
    return out


def _mark(value) -> str:
    return {True: "yes", False: "-", None: "?"}.get(value, "kern") if not isinstance(value, str) else "kern"


def _print_table(data: list[dict]) -> None:
    header = ["version", "310P", "image", "stack (CANN + torch_npu)"] + [_SHORT[f] for f in FEATURES]
    table = []
    for row in data:
        span = row["version"] + (f"..{row['last']}" if row.get("last") and row["last"] != row["version"] else "")
        image = (row["image_310p"] or "-").rsplit(":", 1)[-1]
        stack = " | ".join(f"{p['cann']} + {p['torch_npu']}" for p in row["stack"]) or "-"
        table.append([span, row["status_310p"], image, stack] + [_mark(row["features"][f]) for f in FEATURES])
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for r in table:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    print("\narchitectures on 310P (S supported, E experimental, U unsupported, - no working 310P support in that release):")
    families = []
    for row in data:
        families += [f for f in row["architectures"] if f not in families]
    for family in families:
        cells = " ".join(
            f"{row['version']}:{'-' if row['status_310p'] in ('none', 'broken') else row['architectures'][family][0].upper()}"
            for row in data
            if family in row["architectures"]
        )
        print(f"  {family}: {cells}")
    print("\ncolumns: " + "; ".join(f"{k} = {v}" for k, v in _LEGEND.items()))
    print("yes / - (no) / ? (unknown); kern = only when torch_npu has _npu_flash_attention_v3 and _npu_paged_attention_splitfuse_v2")


def _validate() -> int:
    from pydantic import ValidationError

    from wizard.releases.knowledge import parse_knowledge_text, read_knowledge_text
    from wizard.releases.schema import validate_knowledge

    try:
        validate_knowledge(parse_knowledge_text(read_knowledge_text()))
    except (ValidationError, ValueError) as exc:
        print(f"duowiz: release knowledge is invalid: {str(exc).splitlines()[0]}", file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return 2
    print("release knowledge: valid")
    return 0


def run(args) -> int:
    if args.validate:
        return _validate()
    data = rows()
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        _print_table(data)
    return 0
