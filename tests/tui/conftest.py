"""TUI test fixtures: deterministic screens (helpers to build the app and wait for checks are in
tui_support.py; the shared ../shared and clean-environment fixtures are in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_blink_no_animation(monkeypatch):
    """No blinking cursor (Input only reads `cursor_blink` when mounting/focusing, so a plain
    class attribute is enough) and no animations: a snapshot must not depend on timing."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
