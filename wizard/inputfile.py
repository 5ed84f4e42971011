"""Reading a user's input file: bounded, regular files only, `-` for standard input.

Launch scripts, profiles and host files are a few KB; `/dev/zero`, a FIFO with no writer or a
multi-GB log given by mistake must fail at once with one line, not eat memory or block.
"""

from __future__ import annotations

import errno
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


def regular_file_problem(mode: int) -> str | None:
    """Why a path whose (followed) st_mode is `mode` cannot be read as a file; None when it can."""
    if stat.S_ISREG(mode):
        return None
    return "it is a directory" if stat.S_ISDIR(mode) else "not a regular file (a device, FIFO or socket)"


def read_regular_bytes(path: str | os.PathLike, limit: int) -> bytes:
    """At most `limit` bytes of a regular file (symlinks followed); OSError whose strerror says
    what is wrong otherwise. Never opens a FIFO (it would block) or reads a device to its end."""
    info = os.stat(path)
    problem = regular_file_problem(info.st_mode)
    if problem:
        raise OSError(errno.EINVAL, problem)
    if info.st_size > limit:
        raise OSError(errno.EFBIG, f"{info.st_size / _MIB:.1f} MiB, over the {limit / _MIB:g} MiB limit")
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"over the {limit / _MIB:g} MiB limit")
    return data


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
        problem = regular_file_problem(info.st_mode)
        if problem:
            hint = "" if stat.S_ISDIR(info.st_mode) else "; to read a pipe or <(…), give - and pipe it to standard input"
            raise InputError(f"cannot read {what} {shown}: {problem}{hint}")
        if info.st_size > MAX_INPUT_BYTES:
            raise _too_big(what, shown, info.st_size)
        try:
            data = read_regular_bytes(path, MAX_INPUT_BYTES)
        except OSError as exc:
            if exc.errno == errno.EFBIG:
                raise _too_big(what, shown, None) from None
            raise InputError(f"cannot read {what} {shown}: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise _too_big(what, shown, None)
    return _text(data, what, shown, strict_utf8)
