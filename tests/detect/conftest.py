"""Shared by the npu-smi probe tests: a PATH holding only the stand-in `npu-smi` a test writes."""

import pytest


@pytest.fixture
def fake_path(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir
