"""Helpers for the TUI tests: the app on an injected host, and waiting without fixed sleeps.

A separate module (not conftest) so test files import it by a name no other test folder uses.
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable

HOST = "sim:300i-duo-96g:2"
PROFILE = "qwen3-32b-w8a8sc-tp4"


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
