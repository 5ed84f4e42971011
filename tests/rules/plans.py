"""A small Plan factory for the rule tests, built through the REAL readers and assembler.

Why the real path: a rule test that hand-builds its Plan can pass while the parser or the
assembler feeds the rule something else. Here a plan is what `duowiz check` would build:
`read_command_text` → `host_from_dict` → `build_plan`, with the weights folder (when given)
written by `tests.support.model_folder.build_model_folder` from a case-style `model_dir` spec.

The defaults are the seed tutorial's Qwen3-8B W8A8S TP1 validation line on one 96 GB 300I DUO
with the v0.18.0-310p stack, so a test states only the one change it makes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.conftest import shared_dir
from tests.support.model_folder import build_model_folder
from wizard.assemble import build_plan
from wizard.check import check_plan
from wizard.host.hostfile import host_from_dict
from wizard.launch.reader import read_command_text
from wizard.plan import Plan

#: The seed tutorial's W8A8S validation command (shared/cases/seed-qwen3-8b-w8a8s-tp1.yaml).
SEED_8B = (
    "vllm serve Eco-Tech/Qwen3-8B-w8a8s-310 --host 127.0.0.1 --port 8080 --tensor-parallel-size 1 "
    "--gpu_memory_utilization 0.90 --served_model_name qwen --dtype float16 "
    """--additional-config '{"ascend_compilation_config": {"fuse_norm_quant": false}}' """
    """--compilation-config '{"cudagraph_mode": "FULL_DECODE_ONLY", "cudagraph_capture_sizes": [1, 2, 4, 8, 16, 32]}' """
    "--quantization ascend --max-model-len 16384"
)

#: The seed's TP4 W8A8SC line for Qwen3-32B (use with SC_32B_DIR and host sim:300i-duo-96g:2).
SEED_32B_TP4 = (
    "vllm serve $MODEL --host 127.0.0.1 --port 8080 --tensor-parallel-size 4 --gpu_memory_utilization 0.90 "
    "--max_num_seqs 32 --served_model_name qwen --dtype float16 "
    """--additional-config '{"ascend_compilation_config": {"fuse_norm_quant": false}}' """
    """--compilation-config '{"cudagraph_mode": "FULL_DECODE_ONLY", "cudagraph_capture_sizes": [16, 32]}' """
    '--quantization ascend --max-model-len 20480 --no-enable-prefix-caching --load_format="sharded_state"'
)
SC_32B_DIR = {"config": "Qwen3-32B", "quant": "W8A8SC", "rank_files": 4}

#: The seed's Qwen3-8B W8A8SC TP1 line (use with SC_8B_DIR).
SEED_8B_SC = (
    "vllm serve $MODEL --host 127.0.0.1 --port 8080 --tensor-parallel-size 1 --gpu_memory_utilization 0.90 "
    "--max_num_seqs 32 --served_model_name qwen --dtype float16 "
    """--additional-config '{"ascend_compilation_config": {"fuse_norm_quant": false}}' """
    """--compilation-config '{"cudagraph_mode": "FULL_DECODE_ONLY", "cudagraph_capture_sizes": [1, 2, 4, 8, 16, 32]}' """
    '--quantization ascend --max-model-len 16384 --no-enable-prefix-caching --load_format="sharded_state"'
)
SC_8B_DIR = {"config": "Qwen3-8B", "quant": "W8A8SC", "rank_files": 1}

SEED_VERSIONS = {"cann": "9.0.0", "driver": "25.2.0"}
SEED_PACKAGES = {"vllm": "0.18.0", "vllm-ascend": "0.18.0", "torch-npu": "2.9.0.post2", "torch": "2.9.0"}
SEED_IMAGE = "quay.io/ascend/vllm-ascend:v0.18.0-310p"


def make_plan(
    command: str = SEED_8B,
    host: str | dict = "sim:300i-duo-96g:1",
    model_dir: dict | None = None,
    env: dict[str, str] | None = None,
    packages: dict[str, str | None] | None = None,
    tmp_path: Path | None = None,
    *,
    folder_name: str = "model",
    release: str | None = None,
    graph_limit: int | None = None,
    replace: dict[str, str] | None = None,
    **host_overrides,
) -> Plan:
    """A Plan as `duowiz check` builds it.

    - `command`: the launch line; `$MODEL` becomes the built folder's path.
    - `host`: `sim:CARD:N` or a host-file dict; `host_overrides` are host-file keys merged on top
      (`chip_used_mb=[…]`, `versions={…}`, `triton_residue=True`, `image=…`, `family=…` …).
      Seed versions, packages and image are filled in unless overridden.
    - `packages`: merged over the seed packages; a None value removes that package.
    - `model_dir`: a case `model_dir` spec, built under `tmp_path / folder_name`.
    - `env`: the `--env` layer of build_plan (over host env, under the line's own prefix env).
    - `replace`: {old: new} text substitutions on `command` (one-change mutations of a seed line).
    """
    for old, new in (replace or {}).items():
        if old not in command:
            raise AssertionError(f"replace: {old!r} is not in the command")
        command = command.replace(old, new)
    data: dict = {"sim": host[4:]} if isinstance(host, str) else dict(host)
    data.setdefault("versions", dict(SEED_VERSIONS))
    data.setdefault("image", SEED_IMAGE)
    merged = {**SEED_PACKAGES, **(packages or {})}
    data.setdefault("packages", {k: v for k, v in merged.items() if v is not None})
    data.update(host_overrides)
    if model_dir is not None:
        base = Path(tmp_path) if tmp_path is not None else Path(tempfile.mkdtemp(prefix="duowiz-rule-"))
        folder = build_model_folder(model_dir, base / folder_name, shared_dir())
        command = command.replace("$MODEL", str(folder))
    launch = read_command_text(command)
    host_desc = host_from_dict(data, "test host", Path("."))
    return build_plan(launch, host_desc, env=env, release=release, graph_limit=graph_limit)


def damaged_plan(command: str, model_dir: dict, tmp_path: Path, damage, **kwargs) -> Plan:
    """Build the weights folder, let `damage(folder)` break it as a user's disk would, then plan."""
    make_plan(command=command, model_dir=model_dir, tmp_path=tmp_path, **kwargs)
    folder = Path(tmp_path) / "model"
    damage(folder)
    return make_plan(command=command.replace("$MODEL", str(folder)), **kwargs)


def run(rule_func, plan: Plan) -> list:
    """A rule's findings as a list (rules are generators)."""
    return list(rule_func(plan))


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def checked_codes(plan: Plan) -> set[str]:
    """Codes `check_plan` reports: the path every front-end uses."""
    return check_plan(plan).codes


def assert_well_formed(finding, code: str, severity: str, *numbers) -> None:
    """The finding contract: code, severity, the key numbers in the message, evidence and a fix."""
    assert finding.code == code
    assert finding.severity.value == severity, finding
    for number in numbers:
        assert str(number) in finding.message, (number, finding.message)
    assert finding.evidence.strip(), finding
    assert finding.fix.strip(), finding
