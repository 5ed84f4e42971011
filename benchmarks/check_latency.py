"""Cold `duowiz check` latency over the seed cases, and the estimator's error on observed numbers.

Prints numbers; asserts nothing (speed targets live here, not in timed tests).
Target: median ≤ 0.3 s per cold process on the 2-core reference machine.

    .venv/bin/python benchmarks/check_latency.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
sys.path.insert(0, str(REPO))

GiB = 1024**3


def seed_commands(tmp: Path) -> list[tuple[str, list[str]]]:
    from tests.support.model_folder import build_model_folder

    out = []
    for path in sorted((SHARED / "cases").glob("seed-*.yaml")):
        case = yaml.safe_load(path.read_text())
        model = ""
        if case.get("model_dir"):
            model = str(build_model_folder(case["model_dir"], tmp / case["id"], SHARED))
        host = tmp / f"{case['id']}-host.yaml"
        host.write_text(yaml.safe_dump(case["host"]))
        argv = ["check", "--json", "--host", str(host)]
        for k, v in (case.get("env") or {}).items():
            argv += ["--env", f"{k}={v}"]
        argv += ["--", *shlex.split(case["command"].replace("$MODEL", model))]
        out.append((case["id"], argv))
    return out


def time_cold(argv: list[str], runs: int) -> list[float]:
    exe = [sys.executable, "-m", "wizard"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(exe + argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return times


def estimator_errors() -> list[tuple[str, float, float]]:
    """(what, predicted, observed) for observed-startup-numbers.md C1–C4."""
    from wizard.estimate import constants as K
    from wizard.estimate.memory import estimate_memory
    from wizard.facts.catalog import lookup_catalog
    from wizard.facts.model import WeightsFacts
    from wizard.host.model import Chip
    from wizard.launch.options import ServeOptions

    rows = []
    q8 = lookup_catalog("Qwen/Qwen3-8B")
    opts = ServeOptions(model="Eco-Tech/Qwen3-8B-w8a8s-310", max_model_len=16384, gpu_memory_utilization=0.90)
    c1 = estimate_memory(q8, WeightsFacts(origin="C1", quant_type="W8A8S"), opts, [Chip(0, 44280, 1529)], 16384)
    rows.append(("C1 KV cache tokens (Qwen3-8B W8A8S TP1, 16384, u 0.90)", c1.kv_cache_tokens, 87552))
    rows.append(("C1 KV cache GiB", c1.chips[0].kv_cache_bytes / GiB, 12.04))
    rows.append(("C1 max concurrency ×", c1.max_concurrency, 5.34))
    fp16 = estimate_memory(q8, WeightsFacts(origin="C4", quant_type="FLOAT"), ServeOptions(model="Qwen/Qwen3-8B", max_model_len=4096), [Chip(0, 44280, 1529)], 4096)
    rows.append(("C4 Qwen3-8B fp16 weights GiB", fp16.chips[0].weights_bytes / GiB, 15.2684))
    # C2: the halving with the logged numbers (chip 0: 34.59 budget, 18.8 weights, 1.71 act, 1.05 non-torch)
    used = 1529 * K.MiB / GiB
    rows.append(("C2 KV GiB from its logged terms (halving + idle use)", (34.59 - 18.8 - 1.71 - 1.05 - used) / 2, 5.77))
    # C3: 0.6B fp16, 20687 MB already used, u 0.5, L 4096: start fails (KV ≈ 0)
    q06 = lookup_catalog("Qwen/Qwen3-0.6B")
    o3 = ServeOptions(model="Qwen/Qwen3-0.6B", max_model_len=4096, gpu_memory_utilization=0.5)
    c3 = estimate_memory(q06, WeightsFacts(origin="C3", quant_type="FLOAT"), o3, [Chip(0, 44278, 20687)], 4096)
    rows.append(("C3 KV GiB on a shared chip (start fails)", c3.chips[0].kv_cache_bytes / GiB, 0.09))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cases = seed_commands(Path(tmp))
        time_cold(cases[0][1], 1)  # warm the OS page cache once
        medians = []
        for case_id, argv in cases:
            t = time_cold(argv, args.runs)
            medians.append(statistics.median(t))
            print(f"{case_id:<32} median {statistics.median(t) * 1000:6.0f} ms  (min {min(t) * 1000:.0f}, max {max(t) * 1000:.0f}, {args.runs} runs)")
    print(f"{'ALL seed cases':<32} median {statistics.median(medians) * 1000:6.0f} ms   target ≤ 300 ms")
    readme = ["check", "--profile", "qwen3-32b-w8a8sc-tp4", "--host", "sim:300i-duo-96g:2"]
    t = time_cold(readme, args.runs)  # the README's main command: the profile path (pydantic schema)
    print(f"{'README: check --profile 32b tp4':<32} median {statistics.median(t) * 1000:6.0f} ms  "
          f"(min {min(t) * 1000:.0f}, max {max(t) * 1000:.0f}, {args.runs} runs)")
    print()
    print("estimator vs observed (observed-startup-numbers.md):")
    for what, predicted, observed in estimator_errors():
        if abs(observed) < 1:
            # A near-zero observation (C3: the start fails either way): a relative error says nothing.
            error = f"abs {predicted - observed:+.2f}"
        else:
            error = f"{(predicted - observed) / observed * 100:+6.2f} %"
        print(f"  {what:<58} predicted {predicted:>10.2f}  observed {observed:>10.2f}  error {error}")


if __name__ == "__main__":
    main()
