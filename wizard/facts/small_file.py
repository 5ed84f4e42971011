"""Read the small JSON files of a weights folder (config.json, the quant description, the
safetensors index) without trusting what the folder holds.

Why: `check` reads a folder the user names, and a name can point anywhere. `config.json` as a
symlink to /dev/zero made a plain read_text() grow to 15 GB; as a FIFO it blocked forever. A
real one is a few KB (a quant description or index: a few MB for the largest models).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_SMALL_FILE_BYTES = 32 * 1024 * 1024


def read_small_text(path: Path | str, limit: int = MAX_SMALL_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes; OSError (with a strerror that
    says what is wrong) for anything else, UnicodeDecodeError for binary content."""
    info = os.stat(path)  # follows a symlink: what matters is what it points at
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, FIFO or socket"
        raise OSError(errno.EINVAL, f"not a regular file ({kind})")
    if info.st_size > limit:
        raise OSError(errno.EFBIG, f"{info.st_size} bytes, over the {limit // (1024 * 1024)} MiB a metadata file can be")
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"over the {limit // (1024 * 1024)} MiB a metadata file can be")
    return data.decode("utf-8")
