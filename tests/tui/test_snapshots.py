"""SVG snapshots of the guided setup (pytest-textual-snapshot). Regenerate after an intended
change with `pytest tests/tui --snapshot-update` and look at the SVGs before committing them."""

from __future__ import annotations

from tui_support import PROFILE, make_app, settle

SIZE = (120, 36)


def test_host_screen_with_simulated_host(snap_compare):
    async def before(pilot):
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_options_screen_shows_mask_error_at_32768(snap_compare):
    async def before(pilot):
        await pilot.press("ctrl+n", "ctrl+n")
        await settle(pilot)
        await pilot.click("#opt-max_model_len")
        await pilot.press("end", "ctrl+u", *"32768")
        await settle(pilot)

    assert snap_compare(make_app(profile=PROFILE), terminal_size=SIZE, run_before=before)


def test_review_screen_shows_the_commands(snap_compare):
    async def before(pilot):
        await pilot.press("ctrl+n", "ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)

    assert snap_compare(make_app(profile=PROFILE), terminal_size=SIZE, run_before=before)
