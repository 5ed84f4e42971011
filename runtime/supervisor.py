"""Launch supervisor: start the server, prove it serves, explain it when it does not.

Readiness is observed, never assumed: `/health` answers 200, `/v1/models` lists a model, and
one short completion comes back. Until then the child's output goes to a log file and the
console; if the child exits or a timeout passes, the log is matched against known 310P failure
lines (logmap) so the user gets the same finding codes and fixes as `duowiz check`.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from runtime import http_probe, logmap, procgroup
from runtime.commands import shell_line
from wizard.findings import Finding, InputError, error

TAIL_LINES = 30


@dataclass
class Timeouts:
    """Seconds. Health covers weight loading and graph capture (a 32B TP4 start takes minutes)."""

    health: float = 1800.0
    models: float = 60.0
    smoke: float = 180.0
    poll: float = 1.0
    #: escalation waits after SIGINT and after SIGTERM
    grace: tuple[float, float] = procgroup.DEFAULT_GRACE


@dataclass
class Outcome:
    state: str  # ready | exited | timeout | smoke-failed | interrupted
    log_path: Path
    findings: list[Finding] = field(default_factory=list)
    returncode: int | None = None
    tail: list[str] = field(default_factory=list)
    model_id: str | None = None
    completion: str | None = None

    @property
    def ok(self) -> bool:
        return self.state == "ready"


class Supervisor:
    def __init__(
        self,
        argv: list[str],
        env: dict[str, str],
        base_url: str,
        log_path: Path,
        api_key: str | None = None,
        timeouts: Timeouts | None = None,
        console: TextIO | None = None,
        container_name: str | None = None,
    ):
        self.argv = argv
        self.env = env
        self.base_url = base_url.rstrip("/")
        self.log_path = Path(log_path)
        self.api_key = api_key
        self.timeouts = timeouts or Timeouts()
        self.console = console if console is not None else sys.stdout
        self.container_name = container_name
        self.proc: subprocess.Popen | None = None
        self._tail: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
        self._reader: threading.Thread | None = None

    # --- process ------------------------------------------------------------------------
    def start(self) -> None:
        # the log first: a log folder that cannot be written (a file named like it, no
        # permission) must refuse before anything runs, not orphan a started server
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = self.log_path.open("w", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write the server log {self.log_path}: {exc.strerror or exc}") from None
        try:
            self.proc = procgroup.spawn(self.argv, env={**os.environ, **self.env})
        except OSError as exc:
            self._log.close()
            raise InputError(f"cannot start {self.argv[0]}: {exc.strerror or exc}") from None
        self._log.write(f"# duowiz launch: {shell_line(self.argv, self.env)}\n")
        self._log.flush()
        self._reader = threading.Thread(target=self._pump, name="duowiz-log", daemon=True)
        self._reader.start()

    def _mask(self, line: str) -> str:
        return line.replace(self.api_key, "***") if self.api_key else line

    def _pump(self) -> None:
        assert self.proc and self.proc.stdout
        for raw in self.proc.stdout:
            line = self._mask(raw.rstrip("\n"))
            self._tail.append(line)
            self._log.write(line + "\n")
            self._log.flush()
            try:
                print(line, file=self.console, flush=True)
            except (OSError, ValueError):
                pass

    def _finish_reader(self) -> None:
        if self._reader is not None:
            self._reader.join(timeout=5.0)
        if not self._log.closed:
            self._log.close()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        """Forward SIGINT to the server's group, then SIGTERM, then SIGKILL; reap everything."""
        if self.proc is None:
            return
        procgroup.stop_group(self.proc, self.timeouts.grace)
        if self.container_name:
            _docker_stop(self.container_name)
        self._finish_reader()

    def wait(self) -> int:
        """Block while the server serves (after readiness); its exit code when it stops."""
        assert self.proc is not None
        code = self.proc.wait()
        self._finish_reader()
        return code

    # --- readiness ----------------------------------------------------------------------
    def wait_ready(self) -> Outcome:
        t = self.timeouts
        if not self._poll_until(lambda: http_probe.get(self.base_url + "/health", 5.0, self.api_key)[0] == 200, t.health):
            return self._failed("health")
        model_holder: list[str] = []

        def models_ready() -> bool:
            status, body = http_probe.get(self.base_url + "/v1/models", 5.0, self.api_key)
            model_id = _first_model(body) if status == 200 else None
            if model_id:
                model_holder.append(model_id)
            return bool(model_id)

        if not self._poll_until(models_ready, t.models):
            return self._failed("models")
        model_id = model_holder[0]
        status, body = http_probe.post_json(
            self.base_url + "/v1/completions",
            {"model": model_id, "prompt": "Hello", "max_tokens": 4, "temperature": 0},
            t.smoke,
            self.api_key,
        )
        text = _completion_text(body) if status == 200 else None
        if text is None:
            outcome = self._failed("smoke")
            outcome.findings.insert(0, error(
                "smoke-test-failed",
                f"the server answered /health and /v1/models but the test completion failed (HTTP {status or 'no answer'})",
                evidence=(body[:300] if body else f"POST {self.base_url}/v1/completions"),
                fix=f"read the server log {self.log_path}; the first request is where a mask OOM or a triton problem shows",
            ))
            return outcome
        return Outcome("ready", self.log_path, returncode=None, model_id=model_id, completion=text)

    def _poll_until(self, check, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            if not self.alive():
                return False
            if check():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(self.timeouts.poll, max(0.0, deadline - time.monotonic())))

    def _failed(self, stage: str) -> Outcome:
        exited = not self.alive()
        if not exited:
            self.stop()
        else:
            self._finish_reader()
        returncode = self.proc.returncode if self.proc else None
        findings = logmap.findings_from_log(self.log_path)
        tail = list(self._tail)
        if exited:
            state = "exited"
            if not findings:
                findings.append(error(
                    "server-exited",
                    f"the server exited with code {returncode} before it was ready; no known failure line in its log",
                    evidence="\n".join(tail[-10:]) or "(no output)",
                    fix=f"read the full log: {self.log_path}",
                ))
        else:
            state = "timeout" if stage != "smoke" else "smoke-failed"
            limit = {"health": self.timeouts.health, "models": self.timeouts.models}.get(stage, self.timeouts.smoke)
            if stage != "smoke":
                findings.append(error(
                    "server-not-ready",
                    f"no answer on {self.base_url}/{'health' if stage == 'health' else 'v1/models'} within {limit:g} s; the server was stopped",
                    evidence="\n".join(tail[-10:]) or "(no output)",
                    fix=f"read the log {self.log_path}; a hang during graph capture at TP > 1 means too many capture sizes",
                ))
        return Outcome(state, self.log_path, findings, returncode, tail)

    # --- presentation -------------------------------------------------------------------
    def curl_line(self, model_id: str) -> str:
        payload = json.dumps({"model": model_id, "prompt": "Hello, who are you?", "max_tokens": 32})
        auth = " -H \"Authorization: Bearer $VLLM_API_KEY\"" if self.api_key else ""
        return f"curl {self.base_url}/v1/completions -H 'Content-Type: application/json'{auth} -d '{payload}'"


def _first_model(body: str) -> str | None:
    try:
        data = json.loads(body)
        return str(data["data"][0]["id"])
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _completion_text(body: str) -> str | None:
    try:
        data = json.loads(body)
        return str(data["choices"][0].get("text", ""))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None


def _docker_stop(name: str) -> None:
    """The docker client may die before its container: make sure the container goes too."""
    try:
        subprocess.run(["docker", "stop", "-t", "5", name], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        pass
