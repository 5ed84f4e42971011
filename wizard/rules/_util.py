"""Small helpers shared by rule modules: formatting numbers the same way everywhere."""

from __future__ import annotations

GiB = 1024**3


def gib(n: int | float) -> str:
    return f"{n / GiB:.2f} GiB"


def flag_evidence(plan, dest: str, fallback: str = "") -> str:
    """'flag --max-model-len 32768' as the user wrote it, or a fallback."""
    use = plan.launch.last(dest)
    if use is None:
        return fallback or f"--{dest.replace('_', '-')} not given (vLLM default)"
    value = "" if use.value is None else f" {use.value}"
    return f"flag {use.spelling}{value}"
