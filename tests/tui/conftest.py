"""TUI test fixtures: a fixed simulated host, no detection of the real machine, no cursor blink,
and helpers to wait for the app's debounced checks without sleeping a fixed time."""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable

import pytest

HOST = "sim:300i-duo-96g:2"
PROFILE = "qwen3-32b-w8a8sc-tp4"


@pytest.fixture(autouse=True)
def _no_blink_no_animation(monkeypatch):
    """Deterministic screens: no blinking cursor, no animations, no developer theme."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def make_app(host: str | None = HOST, profile: str | None = None, **kwargs):
    """The app as run_app builds it, but on an injected host and with detection off."""
    from wizard.tui import create_app

    kwargs.setdefault("detector", None)
    kwargs.setdefault("debounce_s", 0.05)
    return create_app(host, profile, **kwargs)


async def wait_until(pilot, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Pause the pilot until `predicate()` holds (fails the test after a generous timeout)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("the app did not reach the expected state in time")
        await pilot.pause(0.02)


async def settle(pilot) -> None:
    """Wait until no check is pending or running and the screens have re-rendered."""
    await wait_until(pilot, lambda: pilot.app.check_settled)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def run(coro: Awaitable) -> None:
    """Run an async Pilot test from a sync test (pytest-asyncio is not a dependency)."""
    asyncio.run(coro)
