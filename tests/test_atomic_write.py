"""Where a profile is written: never over a device, FIFO or folder; through a symlink; a sane mode.

Found by a newcomer run as root: `--save-profile /dev/null` replaced /dev/null with a plain file.
"""

from __future__ import annotations

import os
import stat

import pytest

from tests.test_check_cli import duowiz
from wizard.atomic_write import write_text_atomic
from wizard.findings import InputError

LINE = ["--", "vllm", "serve", "Qwen/Qwen3-8B", "--dtype", "float16", "--max-model-len", "8192"]


def test_a_fifo_is_refused_and_left_alone(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        write_text_atomic(fifo, "x: 1\n", what="profile")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.yaml"]  # no temp file left


def test_a_directory_is_refused(tmp_path):
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    with pytest.raises(InputError, match="a directory"):
        write_text_atomic(folder, "x: 1\n")


def test_a_symlink_is_written_through(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert write_text_atomic(link, "new\n") == real
    assert link.is_symlink() and real.read_text() == "new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the existing mode is kept


def test_a_new_file_gets_the_umask_mode_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_text_atomic(tmp_path / "p.yaml", "x: 1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_cli_refuses_a_device_with_one_line_and_exit_2(tmp_path):
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)
    out = duowiz("check", "--host", "sim:300i-duo-96g:1", "--save-profile", str(fifo), *LINE)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "not a regular file" in out.stderr.strip().splitlines()[-1]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_cli_wants_a_yaml_name(tmp_path):
    out = duowiz("check", "--host", "sim:300i-duo-96g:1", "--save-profile", str(tmp_path / "p.txt"), *LINE)
    assert out.returncode == 2 and ".yaml or .yml" in out.stderr
    assert not (tmp_path / "p.txt").exists()


def test_cli_says_which_secrets_were_left_out(tmp_path):
    target = tmp_path / "p.yaml"
    out = duowiz("check", "--host", "sim:300i-duo-96g:1", "--save-profile", str(target), *LINE, "--api-key", "sk-x")
    assert "not saved" in out.stderr and "--api-key" in out.stderr and "sk-x" not in out.stderr + target.read_text()
