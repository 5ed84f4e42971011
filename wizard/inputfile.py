"""Reading a user's input file: bounded, regular files only, `-` for standard input.

Launch scripts, profiles and host files are a few KB; `/dev/zero`, a FIFO with no writer or a
multi-GB log given by mistake must fail at once with one line, not eat memory or block.
"""

from __future__ import annotations

import os
import stat
import sys

from wizard.findings import InputError, shorten

MAX_INPUT_BYTES = 4 * 1024 * 1024
_MIB = 1024 * 1024


def _too_big(what: str, shown: str, size: int | None) -> InputError:
    """Worded for the kind of file: profiles, host files, launch files and npu-smi captures are
    all a few KB, so a file over the cap is almost always the wrong file."""
    return InputError(
        f"{what} {shown} is {'more than ' if size is None else ''}{(size or MAX_INPUT_BYTES) / _MIB:.1f} MiB, "
        f"over the {MAX_INPUT_BYTES // _MIB} MiB limit "
        f"({what}s are a few KB: is it the right file?)"
    )


def _text(data: bytes, what: str, shown: str, strict_utf8: bool) -> str:
    """Decode; a file holding NUL bytes is binary (or UTF-16) whatever the UTF-8 leniency."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{what} {shown} is UTF-16 text: save it as UTF-8")
    if strict_utf8 or b"\x00" in data:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{what} {shown} is not a text file (not UTF-8)") from None
        if "\x00" in text:
            raise InputError(f"{what} {shown} is not a text file (it holds NUL bytes)")
        return text
    # launch scripts and captures may carry a stray Latin-1 / GBK byte in a comment: tolerated
    return data.decode("utf-8", errors="replace")


def read_input(path: str, what: str, *, strict_utf8: bool = True) -> str:
    """The text of `path` (`-` = stdin); InputError naming `what` when it cannot be read."""
    shown = "(standard input)" if path == "-" else shorten(path)
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1) if sys.stdin else b""
    else:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise InputError(f"cannot read {what} {shown}: no such file") from None
        except (OSError, ValueError) as exc:  # ENAMETOOLONG, EACCES, ELOOP; ValueError: a NUL in the path
            raise InputError(f"cannot read {what} {shown}: {getattr(exc, 'strerror', None) or exc}") from None
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"cannot read {what} {shown}: it is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"cannot read {what} {shown}: not a regular file (a device, FIFO or socket); "
                             "to read a pipe or <(…), give - and pipe it to standard input")
        if info.st_size > MAX_INPUT_BYTES:
            raise _too_big(what, shown, info.st_size)
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise InputError(f"cannot read {what} {shown}: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise _too_big(what, shown, None if path == "-" else len(data))
    return _text(data, what, shown, strict_utf8)
