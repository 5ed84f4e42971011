"""Argument types shared by the subcommands: reject impossible values at the door (exit 2)."""

from __future__ import annotations

import argparse
import math

MAX_TIMEOUT_S = 600.0


def timeout_seconds(text: str) -> float:
    """A finite timeout in (0, 600] seconds: nan/inf/negative would hang or crash a probe."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT_S:
        raise argparse.ArgumentTypeError(f"must be a number of seconds in (0, {MAX_TIMEOUT_S:g}], got {text!r}")
    return value


def host_spec(text: str) -> str:
    """`--host` value: an empty one would quietly mean "this machine" — the opposite of what a
    script that meant to pass a host (an unset variable) wanted."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: give sim:CARD:N or a host file, or leave --host out to use this machine")
    return text


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (and exit 2), like every other input error."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")
