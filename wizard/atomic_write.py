"""Write a user-named file safely: temp file beside it, then rename — and only over a regular file.

Why one helper: duowiz writes profiles (`check --save-profile`, the TUI) where the user points.
A bare "mkstemp + os.replace" loses data in three ways this module closes: it replaces a device
or FIFO (`--save-profile /dev/null` as root turned /dev/null into a plain file), it replaces a
symlink instead of writing where it points, and it leaves mkstemp's 0600 mode on a file meant
for git. A crash or Ctrl-C mid-write leaves the old file whole and no temp file behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from wizard.findings import InputError


def _destination(target: Path, what: str) -> tuple[Path, int | None]:
    """The file to replace (a symlink's target) and the mode to keep; refuse non-regular files."""
    path = Path(os.path.realpath(target)) if target.is_symlink() else target
    try:
        st = path.stat()
    except FileNotFoundError:
        return path, None
    except OSError as exc:
        raise InputError(f"cannot write {what} {target}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file (a device, FIFO or socket)"
        raise InputError(f"will not write {what} to {target}: it is {kind}; name a .yaml file path")
    return path, stat.S_IMODE(st.st_mode)


def write_text_atomic(target: str | os.PathLike, text: str, *, what: str = "file", make_parents: bool = False) -> Path:
    """Write `text` to `target` via a temp file in the same folder and a rename; return the path written."""
    path, mode = _destination(Path(target).expanduser(), what)
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        if make_parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(f"cannot write {what} {target}: {exc.strerror or exc}") from None
    return path
