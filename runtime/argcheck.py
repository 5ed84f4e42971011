"""Argument-time validation for `duowiz --profile`: bad numbers and paths are exit 2, one line.

argparse's `type=float` happily accepts `nan`, `inf` and negatives, and `type=int` accepts port
0 or 70000; left alone they surface minutes later (a supervisor that never waits, a bind that
fails after the weights loaded) or as a traceback. Checking them before anything runs keeps the
promise "bad input → one line, exit 2".
"""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path

from wizard.findings import InputError

#: npu-smi detection: the check's default, and a cap so a typo cannot hang a fleet rollout
DEFAULT_DETECT_TIMEOUT_S = 15.0
MAX_DETECT_TIMEOUT_S = 600.0
#: the headless timeouts (seconds) that must be finite and > 0
TIMEOUT_ARGS = ("ready_timeout", "models_timeout", "smoke_timeout", "timeout")


def positive_seconds(flag: str, value: float, maximum: float | None = None) -> float:
    """`value` when finite and > 0 (and ≤ maximum), else InputError naming the flag."""
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise InputError(f"{flag} {value}: must be a finite number of seconds > 0")
    if maximum is not None and value > maximum:
        raise InputError(f"{flag} {value}: must be at most {maximum:g} seconds")
    return float(value)


def port_number(flag: str, value) -> int:
    """A TCP port 1..65535 (bool is not a port even though it is an int)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise InputError(f"{flag} {value}: must be a port number within 1..65535")
    return value


def executable_path(flag: str, text: str) -> str:
    """An absolute path to an executable file: relative paths are resolved against the current
    directory *now* (the server may be started from elsewhere), a bare name is looked up on PATH."""
    if not text or not text.strip():
        raise InputError(f"{flag}: empty path")
    candidate = Path(text).expanduser()
    if os.sep not in text and not candidate.exists():
        found = shutil.which(text)
        if found:
            candidate = Path(found)
    candidate = candidate.absolute()
    if not candidate.is_file() or not os.access(candidate, os.X_OK):
        raise InputError(f"{flag} {text}: not an executable file ({candidate})")
    return str(candidate)


def validate_headless_args(args) -> None:
    """Check the numbers and paths of a parsed `duowiz --profile` namespace; normalise in place."""
    for dest in TIMEOUT_ARGS:
        value = getattr(args, dest, None)
        if value is not None:
            maximum = MAX_DETECT_TIMEOUT_S if dest == "timeout" else None
            setattr(args, dest, positive_seconds("--" + dest.replace("_", "-"), value, maximum))
    if getattr(args, "vllm_bin", None) is not None:
        args.vllm_bin = executable_path("--vllm-bin", args.vllm_bin)
