"""After "launch": the choice goes to the headless runtime (stubbed here: nothing is started)."""

from __future__ import annotations

import wizard.cli
import wizard.tui
from wizard.profile import load_profile
from wizard.tui import handover
from wizard.tui.state import WizardState

HOST = "sim:300i-duo-96g:2"


def _choice():
    state = WizardState()
    state.load_host(HOST)
    state.choose_profile("qwen3-32b-w8a8sc-tp4")
    state.set_option("max_model_len", "16384")
    state.recheck()
    return state.launch_choice()


def test_hand_over_saves_the_profile_and_runs_headless(tmp_path, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(handover, "runtime_available", lambda: True)
    monkeypatch.setattr(wizard.cli, "main", lambda argv: calls.append(argv) or 0)
    assert handover.hand_over(_choice(), directory=tmp_path) == 0
    saved = tmp_path / "qwen3-32b-w8a8sc-tp4.yaml"
    assert calls == [["--profile", str(saved)]]
    assert load_profile(str(saved)).serve["max_model_len"] == 16384
    assert f"explored on {HOST}" in capsys.readouterr().err


def test_without_runtime_the_command_is_printed(monkeypatch, capsys):
    monkeypatch.setattr(handover, "runtime_available", lambda: False)
    monkeypatch.setattr(wizard.cli, "main", lambda argv: (_ for _ in ()).throw(AssertionError("must not run")))
    assert handover.hand_over(_choice()) == 0
    out = capsys.readouterr()
    assert "vllm serve /models/Qwen3-32B-w8a8sc-310-vllm-tp4" in out.out
    assert "runtime is not installed" in out.err


def test_run_app_returns_zero_when_the_user_quits(monkeypatch):
    class Quits:
        def run(self):
            return None

    monkeypatch.setattr(wizard.tui, "create_app", lambda *a, **k: Quits())
    assert wizard.tui.run_app() == 0


def test_run_app_hands_the_choice_over(monkeypatch):
    choice = object()
    seen = []

    class Launches:
        def run(self):
            return choice

    monkeypatch.setattr(wizard.tui, "create_app", lambda *a, **k: Launches())
    monkeypatch.setattr(handover, "hand_over", lambda c: seen.append(c) or 7)
    assert wizard.tui.run_app() == 7
    assert seen == [choice]
