"""The torch_npu kernel probe runs a real child interpreter; a stand-in torch_npu module answers."""

from __future__ import annotations

import sys

from wizard.detect.kernels import probe_mask_kernels


def _fake_python(tmp_path, body: str) -> str:
    pkg = tmp_path / "site"
    pkg.mkdir()
    (pkg / "torch_npu.py").write_text(body)
    wrapper = tmp_path / "py"
    wrapper.write_text(f"#!/bin/sh\nPYTHONPATH={pkg} exec {sys.executable} \"$@\"\n")
    wrapper.chmod(0o755)
    return str(wrapper)


def test_not_installed_skips_the_probe():
    assert probe_mask_kernels({}) == (None, "torch-npu not installed")


def test_kernels_present(tmp_path):
    py = _fake_python(tmp_path, "def _npu_flash_attention_v3(): pass\ndef _npu_paged_attention_splitfuse_v2(): pass\n")
    assert probe_mask_kernels({"torch-npu": "2.9.0.post2"}, python=py)[0] is True


def test_kernels_absent(tmp_path):
    py = _fake_python(tmp_path, "def _npu_flash_attention_v3(): pass\n")
    assert probe_mask_kernels({"torch-npu": "2.9.0.post1"}, python=py)[0] is False


def test_import_failure_and_hang_are_unknown(tmp_path):
    broken = _fake_python(tmp_path, "raise ImportError('libascendcl.so: cannot open shared object file')\n")
    value, how = probe_mask_kernels({"torch-npu": "2.9.0"}, python=broken)
    assert value is None and "libascendcl" in how
    hang_dir = tmp_path / "hang"
    hang_dir.mkdir()
    hung = _fake_python(hang_dir, "import time\ntime.sleep(30)\n")
    value, how = probe_mask_kernels({"torch-npu": "2.9.0"}, timeout=1, python=hung)
    assert value is None and "longer than" in how
