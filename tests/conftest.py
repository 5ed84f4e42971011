"""Shared test fixtures: where ../shared is, and a clean serving environment for every test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def shared_dir() -> Path:
    """../shared beside the repo: the same relative place on a developer machine and in CI."""
    return (REPO / ".." / "shared").resolve()


@pytest.fixture
def shared() -> Path:
    return shared_dir()


@pytest.fixture(autouse=True)
def _clean_serving_env(monkeypatch):
    """The developer's own ASCEND_*/VLLM_*/HCCL_* variables must not change a verdict."""
    for key in list(os.environ):
        if key.startswith(("ASCEND_", "VLLM_", "HCCL_", "PYTORCH_NPU_", "TASK_QUEUE_")):
            monkeypatch.delenv(key, raising=False)
