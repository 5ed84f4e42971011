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

from wizard.findings import InputError, shorten

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


def path_problem(path) -> str | None:
    """Why `path` cannot be used as a path at all (a component longer than the file system
    allows, a symlink loop, a NUL byte); None when it can (existing or not)."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    except ValueError:
        return "it holds a NUL byte"
    return None


def log_folder(flag: str, path) -> Path:
    """A folder logs can be written to: an existing writable folder, or one that mkdir -p can
    create (its nearest existing ancestor is a writable folder). The same answer for a dry run
    and a real run, before anything starts."""
    path = Path(path)
    shown = shorten(str(path))
    problem = path_problem(path)
    if problem:
        raise InputError(f"{flag} {shown}: {problem}")
    probe = path
    while not os.path.lexists(probe) and probe != probe.parent:
        probe = probe.parent
    if not os.path.lexists(probe):  # a relative path whose every part is missing: the cwd
        probe = Path(".")
    if os.path.islink(probe) and not os.path.exists(probe):
        raise InputError(f"{flag} {shown}: {shorten(str(probe))} is a broken symbolic link")
    if not os.path.isdir(probe):
        if probe == path:
            raise InputError(f"{flag} {shown}: exists and is a file, not a folder; give a folder for the logs")
        raise InputError(f"{flag} {shown}: cannot create it, {shorten(str(probe))} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        what = "is not writable" if probe == path else f"cannot create it, {shorten(str(probe))} is not writable"
        raise InputError(f"{flag} {shown}: {what}")
    return path


def executable_path(flag: str, text: str) -> str:
    """An absolute path to an executable file: relative paths are resolved against the current
    directory *now* (the server may be started from elsewhere), a bare name is looked up on PATH."""
    if not text or not text.strip():
        raise InputError(f"{flag}: empty path")
    problem = path_problem(text)
    if problem:
        raise InputError(f"{flag} {shorten(text)}: {problem}")
    candidate = Path(text).expanduser()
    if os.sep not in text and not os.path.exists(candidate):
        found = shutil.which(text)
        if found:
            candidate = Path(found)
    candidate = candidate.absolute()
    if not os.path.isfile(candidate) or not os.access(candidate, os.X_OK):
        raise InputError(f"{flag} {shorten(text)}: not an executable file ({shorten(str(candidate))})")
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
    if getattr(args, "log_dir", None) is not None:
        args.log_dir = log_folder("--log-dir", args.log_dir)
