"""Shared paths for the detection tests: ../shared beside the repo (same place in CI)."""

from __future__ import annotations

from pathlib import Path

import pytest


def shared_dir() -> Path:
    return (Path(__file__).resolve().parents[2] / ".." / "shared").resolve()


NPU_SMI_DIR = shared_dir() / "fixtures" / "npu-smi"
VERSION_FILES = NPU_SMI_DIR / "version-files"


@pytest.fixture
def npu_smi_dir() -> Path:
    return NPU_SMI_DIR


@pytest.fixture
def version_files() -> Path:
    return VERSION_FILES
