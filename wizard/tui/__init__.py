"""The guided setup (`duowiz` with no arguments): host → model → options → review → launch.

The only package that imports Textual. All state and logic live in `state.py` (plain Python,
tested without a terminal); the screens show it and call its methods. `create_app` is the one
factory: `run_app` uses it with detection of this machine, tests use it with an injected host.
"""

from __future__ import annotations

from typing import Callable

from wizard.host.model import HostDescription

#: seconds `npu-smi` may take before detection gives up and says so
DETECT_TIMEOUT_S = 15.0


def _detect_this_machine() -> HostDescription:
    from wizard.detect import detect_host

    return detect_host(timeout=DETECT_TIMEOUT_S)


def create_app(
    host_spec: str | None = None,
    profile: str | None = None,
    *,
    detector: Callable[[], HostDescription] | None = _detect_this_machine,
    detect_on_start: bool | None = None,
    debounce_s: float | None = None,
):
    """The app, ready to run. `host_spec` (sim:CARD:N or a host file) and `profile` (a name or
    a file) pre-fill steps 1 and 2; without a host spec the machine is detected on start.
    `detector=None` turns detection off (tests)."""
    from wizard.tui.app import DEFAULT_DEBOUNCE_S, DuowizApp
    from wizard.tui.state import WizardState

    state = WizardState()
    if host_spec:
        state.load_host(host_spec)
    if profile:
        state.choose_profile(profile)
    if detect_on_start is None:
        detect_on_start = host_spec is None and detector is not None
    return DuowizApp(
        state,
        detector=detector,
        debounce_s=DEFAULT_DEBOUNCE_S if debounce_s is None else debounce_s,
        detect_on_start=detect_on_start,
    )


def run_app() -> int:
    """`duowiz`: run the guided setup; on "launch" hand over to the headless runtime."""
    from wizard.tui.handover import hand_over

    choice = create_app().run()
    if choice is None:
        return 0
    return hand_over(choice)


__all__ = ["create_app", "run_app"]
