"""How long `duowiz detect` takes without npu-smi (target ≤ 0.2 s): prints numbers, asserts nothing.

Three timings:
- in-process `detect_host()` with npu-smi missing from PATH (all local probes: versions,
  packages, triton residue, /dev, PCI, psutil);
- in-process `detect_host()` replaying the 4-card DUO capture (parsing included);
- the whole `python -m wizard detect --json` subprocess with npu-smi missing (interpreter start
  and imports included), for comparison.

Run: .venv/bin/python benchmarks/detect_time.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CAPTURE = (REPO / ".." / "shared" / "fixtures" / "npu-smi" / "310p-duo-4cards-drv25.3.rc1-container-proc.txt").resolve()
TARGET_S = 0.2


def _time(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _line(label: str, samples: list[float]) -> str:
    med = statistics.median(samples)
    verdict = "ok" if med <= TARGET_S else "OVER TARGET"
    return f"{label:<48} median {med * 1000:8.1f} ms  max {max(samples) * 1000:8.1f} ms  ({verdict}, target {TARGET_S * 1000:.0f} ms)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as empty_bin:
        os.environ["PATH"] = empty_bin  # no npu-smi: the probe reports "missing" at once
        start = time.perf_counter()
        from wizard.detect import detect_host

        import_s = time.perf_counter() - start
        print(f"{'import wizard.detect':<48} {import_s * 1000:8.1f} ms")
        print(_line("detect_host() without npu-smi", _time(lambda: detect_host(timeout=15.0), args.repeat)))
        if CAPTURE.is_file():
            replay = lambda: detect_host(npu_smi_output=str(CAPTURE))  # noqa: E731
            print(_line("detect_host() replaying the 4-card DUO capture", _time(replay, args.repeat)))
        cmd = [sys.executable, "-m", "wizard", "detect", "--json"]
        env = dict(os.environ, PATH=empty_bin)

        def whole() -> None:
            subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, check=False)

        print(_line("`duowiz detect --json` subprocess (no npu-smi)", _time(whole, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
