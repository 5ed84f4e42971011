"""Decide whether and how W8A8S → W8A8SC compression can run here, before starting it.

The run takes the TP NPUs plus tens of GB of host RAM for a long time and then may fail late;
everything checkable is checked first, as findings. Every constant below comes from
reference/compression.md (measured there on CPU with msmodelslim 26.1.0) and 310p-facts.md §5.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from wizard.findings import Finding, error, info, shorten

GIB = 1024**3
#: compression.md §1.4: host RAM ≈ 2.3–2.5 × rank-file size (we take the high end) ...
RAM_FACTOR_PER_RANK_FILE = 2.5
#: ... + ~0.6 GB per process; each rank runs its own worker + a pool of --compress-process-num
RAM_PER_PROCESS_BYTES = int(0.6 * GIB)
#: the documented command uses 4; more than the CPU count makes msmodelslim silently use 1
DOC_PROCESS_NUM = 4
MAX_PROCESS_NUM = 8
#: msmodelslim's path check (ascend_utils/common/security/path.py) rejects anything else
OUTPUT_CHARSET = re.compile(r"^[_A-Za-z0-9/.-]+$")
#: the documented command line besides --model/--tensor-parallel-size/--output (310p-facts.md §5)
SCRIPT_FIXED_ARGS = ["--enable-compress", "--enforce-eager", "--dtype", "float16", "--quantization", "ascend",
                     "--max-model-len", "10240"]
SCRIPT_ENV = {"PYTORCH_NPU_ALLOC_CONF": "max_split_size_mb:256"}
SCRIPT_NAME = "save_sharded_state_310.py"
#: printed in a dry run where no vllm-ascend is installed: where the script lives in its source tree
SCRIPT_PLACEHOLDER = f"<vllm-ascend>/examples/{SCRIPT_NAME}"


@dataclass
class CompressJob:
    source: Path
    output: Path
    tp: int
    script: Path | None = None
    process_num: int = DOC_PROCESS_NUM
    python: str = sys.executable
    devices: list[int] | None = None
    source_bytes: int = 0
    ram_needed: int = 0
    reuse: bool = False
    findings: list[Finding] = field(default_factory=list)

    @property
    def tmp_dir(self) -> Path:
        return self.output.parent / f".{self.output.name}.duowiz-tmp"

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.value == "error"]

    def argv(self) -> list[str]:
        return [self.python, str(self.script or SCRIPT_PLACEHOLDER), "--model", str(self.source), "--tensor-parallel-size", str(self.tp),
                "--output", str(self.tmp_dir), *SCRIPT_FIXED_ARGS[:1], "--compress-process-num",
                str(self.process_num), *SCRIPT_FIXED_ARGS[1:]]

    def env(self) -> dict[str, str]:
        env = dict(SCRIPT_ENV)
        if self.devices:
            env["ASCEND_RT_VISIBLE_DEVICES"] = ",".join(str(d) for d in sorted(self.devices))
        return env


def find_script(explicit: str | None) -> tuple[Path | None, str]:
    """(path, where) — `--script`, else examples/ of the installed vllm-ascend."""
    if explicit:
        try:
            path = Path(explicit).expanduser().resolve()
            found = os.path.isfile(path)
        except (OSError, ValueError, RuntimeError):  # a name too long for a path, `~nouser`
            found = False
        return (path if found else None), f"--script {shorten(explicit)}"
    try:
        spec = importlib.util.find_spec("vllm_ascend")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return None, "vllm_ascend is not installed in this Python environment"
    package_dir = Path(spec.origin).parent
    for candidate in (package_dir.parent / "examples" / SCRIPT_NAME, package_dir / "examples" / SCRIPT_NAME,
                      Path("/vllm-workspace/vllm-ascend/examples") / SCRIPT_NAME):
        if candidate.is_file():
            return candidate, str(candidate)
    return None, f"no examples/{SCRIPT_NAME} beside {package_dir} (pip wheels do not ship examples/)"


def msmodelslim_version() -> str | None:
    try:
        return importlib.metadata.version("msmodelslim")
    except importlib.metadata.PackageNotFoundError:
        return None


def folder_bytes(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                pass
    return total


def ram_needed(source_bytes: int, tp: int, process_num: int) -> int:
    """All ranks run at once: Σ over ranks of 2.5 × rank file + (pool + worker) × 0.6 GB."""
    return int(RAM_FACTOR_PER_RANK_FILE * source_bytes) + tp * (process_num + 1) * RAM_PER_PROCESS_BYTES


def choose_process_num(source_bytes: int, tp: int, ram_available: int, cpus: int) -> int | None:
    """The largest pool size the cores and RAM allow (None when even 1 does not fit)."""
    cap = max(1, min(MAX_PROCESS_NUM, cpus // max(1, tp)))
    for k in range(cap, 0, -1):
        if ram_needed(source_bytes, tp, k) <= ram_available:
            return k
    return None


def _source_quant_type(source: Path) -> str | None:
    try:
        data = json.loads((source / "quant_model_description.json").read_text(encoding="utf-8"))
        return data.get("model_quant_type") if isinstance(data, dict) else None
    except (OSError, ValueError, RecursionError):
        return None


def _overlap(source: Path, output: Path) -> str | None:
    """How output and source overlap (the same folder, one inside the other), compared both as
    written and with symlinks resolved; None when they are apart."""
    for src, out in ((source, output), (source, output.resolve())):
        if out == src:
            return "is the source folder"
        if src in out.parents:
            return "is inside the source folder"
        if out in src.parents:
            return "contains the source folder"
    return None


def _gib(n: int) -> str:
    return f"{n / GIB:.1f} GiB"


def plan_compression(
    source: str | Path,
    output: str | Path,
    tp: int,
    script: str | None = None,
    processes: int | None = None,
    devices: list[int] | None = None,
    python: str | None = None,
    ram_available: int | None = None,
    cpus: int | None = None,
) -> CompressJob:
    """Check everything that can be checked before the run; the job carries the findings."""
    from runtime.argcheck import path_problem
    from runtime.rank_verify import verify_w8a8sc

    unusable = [(flag, value, problem) for flag, value in (("--model", source), ("--output", output))
                if (problem := path_problem(Path(value).expanduser()))]
    if unusable:  # no resolve() either: it raises on these
        job = CompressJob(Path(source), Path(output), int(tp), devices=devices, python=python or sys.executable)
        for flag, value, problem in unusable:
            job.findings.append(error("compress-bad-input", f"{flag} {shorten(str(value))}: {problem}",
                                      fix=f"give {flag} a usable path"))
        return job
    job = CompressJob(Path(source).expanduser().resolve(), Path(output).expanduser().absolute(), int(tp),
                      devices=devices, python=python or sys.executable)
    add = job.findings.append
    if job.tp < 1:
        add(error("compress-bad-input", f"--tp {tp} must be ≥ 1", fix="use the TP you will serve with"))
        return job
    overlap = _overlap(job.source, job.output)
    if overlap:
        # never suggest removing the output here: it is (or contains) the source weights
        add(error("compress-bad-input", f"the output {job.output} {overlap}",
                  evidence=f"--model {job.source}, --output {job.output}",
                  fix="choose another --output, apart from the source (e.g. a sibling folder)"))
    elif os.path.lexists(job.output) and not job.output.is_dir():
        # a file (or a link to one) the user did not ask to delete: say so, suggest no removal
        kind = "a broken symbolic link" if not job.output.exists() else "a file, not a folder"
        add(error("compress-output-exists", f"the output {job.output} exists and is {kind}",
                  evidence=f"--output {job.output}",
                  fix="choose an --output path that does not exist yet (duowiz creates the folder)"))
    elif job.output.exists():
        check = verify_w8a8sc(job.output, job.tp)
        if check.ok:
            job.reuse = True
            add(info("compression-reused", f"{job.output} already holds verified W8A8SC weights for TP{job.tp}: reused",
                     evidence=f"ranks {check.ranks}, compressed linears per rank {check.compressed_per_rank}"))
            return job
        add(error("compress-output-exists", f"{job.output} exists and is not valid W8A8SC for TP{job.tp}",
                  evidence="; ".join(check.problems[:3]),
                  fix="choose an --output path that does not exist yet; if this folder is a failed duowiz "
                      "output you no longer need, remove it yourself (duowiz never deletes a folder it did not create)"))
    ancestor = job.output.parent
    while not os.path.lexists(ancestor) and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        add(error("compress-bad-input", f"the output {job.output} cannot be created: {ancestor} is not a folder",
                  evidence=f"--output {job.output}", fix="choose an --output inside an existing folder"))
    if not OUTPUT_CHARSET.match(str(job.output)):
        bad = sorted({c for c in str(job.output) if not OUTPUT_CHARSET.match(c)})
        add(error("compress-output-path-invalid", f"output path {job.output} has characters msmodelslim rejects: {''.join(bad)!r}",
                  evidence="msmodelslim path check allows only [_A-Za-z0-9/.-]",
                  fix="choose an output path made of letters, digits, '_', '-', '.', '/'"))
    if not job.source.is_dir():
        add(error("compress-source-missing", f"W8A8S source folder {job.source} does not exist",
                  fix="download the W8A8S weights (e.g. Eco-Tech/Qwen3-32B-w8a8s-310) or fix --model"))
        return job
    qtype = _source_quant_type(job.source)
    if qtype != "W8A8S":
        add(error("compress-source-not-w8a8s",
                  f"{job.source} is {qtype or 'not described'} (quant_model_description.json), compression needs W8A8S",
                  evidence=f"{job.source}/quant_model_description.json",
                  fix="point at W8A8S weights; for any other type the script renames the description away"))
    found, where = find_script(script)
    job.script = found
    if found is None:
        add(error("compress-script-missing", f"{SCRIPT_NAME} not found: {where}",
                  fix=f"pass --script PATH (in the 310P image: /vllm-workspace/vllm-ascend/examples/{SCRIPT_NAME})"))
    if msmodelslim_version() is None:
        add(error("msmodelslim-missing", "msmodelslim is not installed in this Python environment",
                  fix="install it per its 'Atlas 300I Duo' guide (pip install msmodelslim, then build compress_graph "
                      "with bash build.sh $ASCEND_HOME_PATH)"))
    _check_resources(job, processes, ram_available, cpus)
    return job


def _check_resources(job: CompressJob, processes: int | None, ram_available: int | None, cpus: int | None) -> None:
    import psutil

    job.source_bytes = folder_bytes(job.source)
    probe = job.output.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = psutil.disk_usage(str(probe)).free
    if free < job.source_bytes:
        job.findings.append(error("compress-disk-insufficient",
                                  f"{_gib(free)} free on {probe}, the output needs about the source size {_gib(job.source_bytes)}",
                                  evidence=f"psutil.disk_usage({probe})", fix="free disk space or choose another --output"))
    ram = psutil.virtual_memory().available if ram_available is None else ram_available
    cores = (os.cpu_count() or 1) if cpus is None else cpus
    best = choose_process_num(job.source_bytes, job.tp, ram, cores)
    if processes is not None:
        job.process_num = processes
        if ram_needed(job.source_bytes, job.tp, processes) > ram:
            hint = f"--processes {best}" if best else "a host with more RAM"
            job.findings.append(error("compress-ram-insufficient",
                                      f"--processes {processes} needs about {_gib(ram_needed(job.source_bytes, job.tp, processes))} "
                                      f"of host RAM, {_gib(ram)} available", evidence="compression.md §1.4",
                                      fix=f"use {hint}"))
    elif best is None:
        job.findings.append(error("compress-ram-insufficient",
                                  f"compressing {_gib(job.source_bytes)} at TP{job.tp} needs about "
                                  f"{_gib(ram_needed(job.source_bytes, job.tp, 1))} of host RAM even with 1 process; "
                                  f"{_gib(ram)} available", evidence="2.5 × weights + 0.6 GB per process (compression.md §1.4)",
                                  fix="free host memory or run the compression on a host with more RAM"))
    else:
        job.process_num = best
    job.ram_needed = ram_needed(job.source_bytes, job.tp, job.process_num)
