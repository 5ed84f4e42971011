"""Run `duowiz` as a subprocess for headless tests, and compare serve lines as flag sets."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import threading
import time

from tests.runtime.helpers import REPO



def duowiz(args: list[str], env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wizard", *args], cwd=REPO, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def start_duowiz(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, list[str]]:
    """Start duowiz; a thread collects its output lines into the returned list."""
    proc = subprocess.Popen([sys.executable, "-m", "wizard", *args], cwd=REPO, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []

    def pump():
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    return proc, lines


def wait_for_line(lines: list[str], needle: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(needle in ln for ln in list(lines)):
            return
        time.sleep(0.05)
    raise AssertionError(f"{needle!r} not seen; output:\n" + "\n".join(lines[-40:]))


def _norm_value(raw: str | None):
    if raw is None:
        return None
    try:
        return json.dumps(json.loads(raw), sort_keys=True)
    except ValueError:
        return raw


def flag_set(tokens: list[str]) -> set[tuple[str, object]]:
    """{(--flag-name, value)}: `_`/`-` and `--f=v`/`--f v` forms equal, numbers and JSON by value."""
    out, i = set(), 0
    while i < len(tokens):
        token = tokens[i]
        if not token.startswith("--"):
            i += 1
            continue
        name, eq, value = token.partition("=")
        if not eq:
            value = None
            if i + 1 < len(tokens) and not tokens[i + 1].startswith("--"):
                value = tokens[i + 1]
                i += 1
        out.add((name.replace("_", "-"), _norm_value(value)))
        i += 1
    return out


def serve_tokens(line: str) -> tuple[dict[str, str], str, list[str]]:
    """(env prefix, model, flags) of a `[VAR=v …] [path/]vllm serve MODEL flags` line."""
    tokens = shlex.split(line)
    env = {}
    while tokens and "=" in tokens[0] and not tokens[0].startswith("-"):
        key, _, value = tokens.pop(0).partition("=")
        env[key] = value
    at = tokens.index("serve")
    return env, tokens[at + 1], tokens[at + 2:]


def serve_line(output: str) -> str:
    lines = output.splitlines()
    return lines[lines.index("# serve:") + 1]
