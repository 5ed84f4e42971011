"""Fixtures for the facts tests: the shared reference folder and a model-folder builder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # `tests.support` is imported as a package from the repo root
    sys.path.insert(0, str(REPO))


def shared_dir() -> Path:
    """../shared beside the repo (the same relative place in CI)."""
    return (REPO / ".." / "shared").resolve()


@pytest.fixture
def shared() -> Path:
    return shared_dir()


@pytest.fixture
def build(tmp_path, shared):
    """build(spec, name="model") -> folder built from a case-style model_dir spec."""
    from tests.support.model_folder import build_model_folder

    def _build(spec: dict, name: str = "model") -> Path:
        return build_model_folder(spec, tmp_path / name, shared)

    return _build
