"""Reading a user's input file: bounded, regular files only, `-` for standard input.

Launch scripts, profiles and host files are a few KB; `/dev/zero`, a FIFO with no writer or a
multi-GB log given by mistake must fail at once with one line, not eat memory or block.
"""

from __future__ import annotations

import os
import stat
import sys

from wizard.findings import InputError

MAX_INPUT_BYTES = 4 * 1024 * 1024


def read_input(path: str, what: str, *, strict_utf8: bool = True) -> str:
    """The text of `path` (`-` = stdin); InputError naming `what` when it cannot be read."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1) if sys.stdin else b""
    else:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise InputError(f"cannot read {what} {path}: no such file") from None
        except OSError as exc:
            raise InputError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"cannot read {what} {path}: it is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"cannot read {what} {path}: not a regular file (a device, FIFO or socket)")
        if info.st_size > MAX_INPUT_BYTES:
            raise InputError(f"{what} {path} is {info.st_size // (1024 * 1024)} MiB: more than a launch configuration can be")
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise InputError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{what} {path} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
    try:
        return data.decode("utf-8", errors="strict" if strict_utf8 else "replace")
    except UnicodeDecodeError:
        raise InputError(f"{what} {path} is not a text file (not UTF-8)") from None
