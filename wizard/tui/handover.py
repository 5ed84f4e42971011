"""After the app: hand a LaunchChoice to the headless runtime, or print the command.

The TUI never starts a server itself. The chosen profile (overrides included) is written to
~/.cache/duowiz/profiles/<name>.yaml and `duowiz --profile FILE` takes over, so the launch
follows exactly the same path as a fleet's headless launch: check on this machine (not the
simulated host the plan may have been explored on), compress if needed, confirm, supervise.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from wizard.tui.state import LaunchChoice

HANDOVER_DIR = Path.home() / ".cache" / "duowiz" / "profiles"


def runtime_available() -> bool:
    return importlib.util.find_spec("runtime.headless") is not None


def hand_over(choice: LaunchChoice, directory: Path = HANDOVER_DIR) -> int:
    """Run the headless launch for the choice; without the runtime, print the command."""
    from wizard.tui.commands import save_profile_file

    if not runtime_available():
        print("duowiz: the runtime is not installed in this build; run this on the server:", file=sys.stderr)
        print(choice.serve_line)
        return 0
    path = save_profile_file(choice.profile, directory / f"{choice.profile.name}.yaml")
    print(f"duowiz: profile saved to {path}; launching with `duowiz --profile {path}`", file=sys.stderr)
    if choice.host_spec:
        print(f"duowiz: note: the plan was explored on {choice.host_spec}; the launch checks this machine", file=sys.stderr)
    from wizard.cli import main

    return main(["--profile", str(path)])
