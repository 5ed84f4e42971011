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
    """The project's shared reference folder (cases, real commands, npu-smi captures, configs).

    ../shared beside the repo, as on a developer machine and in CI; DUOWIZ_SHARED points
    elsewhere (a clone checked out on its own)."""
    override = os.environ.get("DUOWIZ_SHARED")
    return Path(override).resolve() if override else (REPO / ".." / "shared").resolve()


def pytest_report_header(config):
    where = shared_dir()
    return f"duowiz shared reference folder: {where}" + ("" if where.is_dir() else "  (MISSING: set DUOWIZ_SHARED)")


@pytest.fixture
def shared() -> Path:
    return shared_dir()


@pytest.fixture(autouse=True)
def _clean_serving_env(monkeypatch):
    """The developer's own ASCEND_*/VLLM_*/HCCL_* variables must not change a verdict."""
    for key in list(os.environ):
        if key.startswith(("ASCEND_", "VLLM_", "HCCL_", "PYTORCH_NPU_", "TASK_QUEUE_")):
            monkeypatch.delenv(key, raising=False)


def pytest_configure(config):
    if not shared_dir().is_dir():
        raise pytest.UsageError(
            f"the shared reference folder is missing ({shared_dir()}): the tests read its real cases, commands, "
            "npu-smi captures and model configs. Check out the steering repo's shared/ beside this repo, "
            "or set DUOWIZ_SHARED=/path/to/shared"
        )
