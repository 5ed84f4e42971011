"""Fixtures for the facts tests: a model-folder builder (`shared` comes from tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_dir  # noqa: F401  (re-exported for the facts tests)


@pytest.fixture
def build(tmp_path, shared):
    """build(spec, name="model") -> folder built from a case-style model_dir spec."""
    from tests.support.model_folder import build_model_folder

    def _build(spec: dict, name: str = "model") -> Path:
        return build_model_folder(spec, tmp_path / name, shared)

    return _build
