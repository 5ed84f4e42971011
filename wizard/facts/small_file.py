"""Read the small JSON files of a weights folder (config.json, the quant description, the
safetensors index) without trusting what the folder holds.

Why: `check` reads a folder the user names, and a name can point anywhere. `config.json` as a
symlink to /dev/zero made a plain read_text() grow to 15 GB; as a FIFO it blocked forever. A
real one is a few KB (a quant description or index: a few MB for the largest models). The
bounded read itself is `wizard.inputfile.read_regular_bytes`, shared with every input file.
"""

from __future__ import annotations

from pathlib import Path

from wizard.inputfile import read_regular_bytes

MAX_SMALL_FILE_BYTES = 32 * 1024 * 1024


def read_small_text(path: Path | str, limit: int = MAX_SMALL_FILE_BYTES) -> str:
    """UTF-8 text of a regular file of at most `limit` bytes; OSError (its strerror says what is
    wrong) for anything else, UnicodeDecodeError for binary content."""
    return read_regular_bytes(path, limit).decode("utf-8")
