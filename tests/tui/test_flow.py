"""Pilot walks through the guided setup on sim:300i-duo-96g:2 — nothing is ever launched."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from tui_support import HOST, PROFILE, make_app, run, settle, wait_until
from wizard.host.model import HostDescription
from wizard.tui.state import LaunchChoice


async def _choose_profile(pilot, name: str = PROFILE) -> None:
    profiles = pilot.app.screen.query_one("#profiles", OptionList)
    profiles.focus()
    profiles.highlighted = profiles.get_option_index(name)
    await pilot.press("enter")
    await settle(pilot)


async def _retype(pilot, selector: str, text: str) -> None:
    await pilot.click(selector)
    await pilot.press("end", "ctrl+u", *text)
    await settle(pilot)


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def test_walk_through_to_mask_error_and_review(tmp_path):
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            assert type(app.screen).__name__ == "HostScreen"
            assert "sim:300i-duo-96g:2: 2 card(s) 300i-duo, 4 chip(s)" in _text(app.screen, "#host-status")
            await pilot.press("ctrl+n")
            assert type(app.screen).__name__ == "ModelScreen"

            await _choose_profile(pilot)
            assert "built-in catalog" in _text(app.screen, "#origin")
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert type(app.screen).__name__ == "OptionsScreen"
            assert app.screen.query_one("#opt-max_model_len", Input).value == "20480"
            assert "mask-exceeds-memory" not in app.state.codes

            await _retype(pilot, "#opt-max_model_len", "32768")
            assert "mask-exceeds-memory" in app.state.codes
            shown = [v.finding.code for v in app.screen.query(".finding.error")]
            assert "mask-exceeds-memory" in shown
            assert _text(app.screen, "#verdict").startswith("WILL FAIL")
            assert "chip" in _text(app.screen, "#budget")

            await pilot.press("ctrl+n")
            assert type(app.screen).__name__ == "ReviewScreen"
            assert "--max-model-len 32768" in _text(app.screen, "#serve-line")
            assert "docker run" in _text(app.screen, "#docker-line")

            await pilot.press("ctrl+l")  # refused: the check reports an error
            await pilot.pause()
            assert app.is_running and app.return_value is None

            target = tmp_path / "tuned.yaml"
            app.screen.query_one("#save-path", Input).value = str(target)
            await pilot.press("ctrl+s")
            assert target.exists()
            assert "profile written to" in _text(app.screen, "#save-status")

    run(scenario())


def test_fixing_the_length_allows_launch_which_only_returns_a_choice():
    async def scenario():
        app = make_app(profile=PROFILE)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("ctrl+n")
            await settle(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            await _retype(pilot, "#opt-max_model_len", "32768")
            assert app.state.report.errors
            await _retype(pilot, "#opt-max_model_len", "16384")
            assert not app.state.report.errors
            await pilot.press("ctrl+n")
            await pilot.press("ctrl+l")
            await wait_until(pilot, lambda: not app.is_running)
        choice = app.return_value
        assert isinstance(choice, LaunchChoice)
        assert choice.profile.serve["max_model_len"] == 16384
        assert choice.host_spec == HOST

    run(scenario())


def test_refused_option_text_is_shown_and_not_checked():
    async def scenario():
        app = make_app(profile=PROFILE)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("ctrl+n", "ctrl+n")
            await settle(pilot)
            app.screen.query_one("#opt-gpu_memory_utilization", Input).value = "1.5"  # as if pasted
            await settle(pilot)
            error = app.screen.query_one("#err-gpu_memory_utilization", Static)
            assert error.display and "outside (0, 1]" in str(error.render())
            assert app.state.plan.options.gpu_memory_utilization == 0.9

    run(scenario())


def test_escape_goes_back_a_step():
    async def scenario():
        app = make_app(profile=PROFILE)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("ctrl+n", "ctrl+n")
            await settle(pilot)
            assert type(app.screen).__name__ == "OptionsScreen"
            await pilot.press("escape")
            assert type(app.screen).__name__ == "ModelScreen"
            await pilot.press("escape")
            assert type(app.screen).__name__ == "HostScreen"

    run(scenario())


def test_detection_finding_no_310p_is_said_plainly_and_blocks_next():
    def no_310p() -> HostDescription:
        return HostDescription(source="this machine", family="none", problem="npu-smi not found on PATH")

    async def scenario():
        app = make_app(host=None, detector=no_310p, detect_on_start=True)
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_until(pilot, lambda: not app.detecting)
            await pilot.pause()
            assert "no 310P found: npu-smi not found on PATH" in _text(app.screen, "#host-status")
            await pilot.press("ctrl+n")
            assert type(app.screen).__name__ == "HostScreen"

    run(scenario())


def test_detection_that_raises_is_reported_not_fatal():
    def broken() -> HostDescription:
        raise OSError("permission denied: /dev/davinci_manager")

    async def scenario():
        app = make_app(host=None, detector=broken)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("f5")
            await wait_until(pilot, lambda: not app.detecting)
            await pilot.pause()
            assert "detection failed: permission denied" in _text(app.screen, "#host-status")

    run(scenario())


def test_simulated_host_and_bad_host_file_from_the_host_screen(tmp_path):
    async def scenario():
        app = make_app(host=None)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.click("#sim-count")
            await pilot.press("end", "ctrl+u", "1", "enter")
            await settle(pilot)
            assert app.state.host.source == "sim:300i-duo-96g:1"
            app.screen.query_one("#host-file", Input).value = str(tmp_path / "nope.yaml")
            await pilot.click("#load-file")
            assert "cannot read host file" in _text(app.screen, "#host-status")
            assert app.state.host.source == "sim:300i-duo-96g:1"

    run(scenario())


def test_typed_model_shows_where_its_facts_came_from():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("ctrl+n")
            await pilot.click("#model-input")
            await pilot.press(*"Eco-Tech/Qwen3-8B-w8a8s-310", "enter")
            await settle(pilot)
            assert "chosen: qwen3-8b-w8a8s-310" in _text(app.screen, "#model-status")
            assert "model facts:" in _text(app.screen, "#origin")

    run(scenario())


def test_prefilled_profile_is_checked_at_start_and_its_origin_shown():
    async def scenario():
        app = make_app(profile=PROFILE)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            assert app.state.report is not None
            await pilot.press("ctrl+n")
            assert "weights: W8A8SC" in _text(app.screen, "#origin")

    run(scenario())


def test_going_back_shows_the_check_made_on_a_later_step():
    async def scenario():
        app = make_app(profile=PROFILE)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("ctrl+n", "ctrl+n")
            await settle(pilot)
            await _retype(pilot, "#opt-max_model_len", "32768")
            await pilot.press("ctrl+n")
            await pilot.press("escape")
            assert _text(app.screen, "#verdict").startswith("WILL FAIL")
            await _retype(pilot, "#opt-max_model_len", "16384")
            await pilot.press("ctrl+n")
            assert "--max-model-len 16384" in _text(app.screen, "#serve-line")

    run(scenario())
