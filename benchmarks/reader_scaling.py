"""Launch readers stay linear: each input at N and 2N lines, with the time ratio (≈ 2 when linear,
≈ 4 when quadratic). Before the fixes, 20k `RUN pip install` lines took 50 s and 50k continuation
lines over a minute. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/reader_scaling.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wizard.launch.reader import read_all_specs  # noqa: E402
from wizard.launch.shell import parse_script  # noqa: E402

SERVE = "vllm serve Qwen/Qwen3-8B --dtype float16 --max-model-len 8192"
IMAGE = "quay.io/ascend/vllm-ascend:v0.18.0-310p"


def dockerfile_runs(n: int) -> str:
    return f"FROM {IMAGE}\n" + "".join(f"RUN pip install pkg{i} && echo {i}\n" for i in range(n)) + f"CMD {SERVE}\n"


def dockerfile_continuations(n: int) -> str:
    return f"FROM {IMAGE}\nRUN pip install \\\n" + "".join(f"  pkg{i} \\\n" for i in range(n)) + f"  last\nCMD {SERVE}\n"


CASES = [
    ("Dockerfile: N `RUN pip install` lines", dockerfile_runs, 20_000, "file"),
    ("Dockerfile: one RUN, N continuation lines", dockerfile_continuations, 50_000, "file"),
    ("script: N export + echo pairs", lambda n: "".join(f"export V{i}=1\necho {i}\n" for i in range(n)) + SERVE + "\n", 800, "script"),
    ("script: N escaped spaces in one word", lambda n: "echo " + "a\\ " * n + "b\n", 200_000, "script"),
    ("script: N assignment prefixes", lambda n: "A=1 " * n + "echo\n", 100_000, "script"),
]


def time_one(text: str, kind: str, tmp: Path) -> float:
    start = time.perf_counter()
    if kind == "file":
        path = tmp / "Dockerfile"
        path.write_text(text)
        start = time.perf_counter()
        read_all_specs(path)
    else:
        parse_script(text)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for what, make, n, kind in CASES:
            t1 = time_one(make(n), kind, Path(tmp))
            t2 = time_one(make(2 * n), kind, Path(tmp))
            print(f"{what:<44} N={n:>7}: {t1:6.2f} s   2N: {t2:6.2f} s   ratio {t2 / t1 if t1 else float('nan'):4.1f}")


if __name__ == "__main__":
    main()
