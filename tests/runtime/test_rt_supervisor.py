"""The supervisor against the fake `vllm serve` (real subprocesses, short timeouts)."""

import io

import pytest

from runtime.supervisor import Supervisor, Timeouts
from tests.runtime.crash_lines import CRASH_LINES
from tests.runtime.helpers import fake_vllm_bin, free_port, wait_for_file, wait_gone

FAST = Timeouts(health=20.0, models=5.0, smoke=5.0, poll=0.1, grace=(3.0, 2.0))


def _supervisor(tmp_path, monkeypatch, mode="ready", timeouts=FAST, extra=(), **env):
    port = free_port()
    monkeypatch.setenv("FAKE_VLLM_MODE", mode)
    monkeypatch.setenv("FAKE_VLLM_PIDFILE", str(tmp_path / "pids"))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    argv = [str(fake_vllm_bin(tmp_path)), "serve", "/models/m", "--host", "127.0.0.1", "--port", str(port),
            "--served-model-name", "qwen", *extra]
    return Supervisor(argv, {"ASCEND_RT_VISIBLE_DEVICES": "0"}, f"http://127.0.0.1:{port}", tmp_path / "serve.log",
                      timeouts=timeouts, console=io.StringIO(), api_key="k3y" if "--api-key" in extra else None)


def test_ready_then_smoke_completion_then_clean_stop(tmp_path, monkeypatch):
    sup = _supervisor(tmp_path, monkeypatch, extra=("--api-key", "k3y"))
    sup.start()
    try:
        outcome = sup.wait_ready()
        assert outcome.ok, outcome.findings
        assert outcome.model_id == "qwen" and outcome.completion == " I am fine"
        assert "Authorization: Bearer $VLLM_API_KEY" in sup.curl_line("qwen")
    finally:
        sup.stop()
    pids = [int(p) for p in wait_for_file(tmp_path / "pids", min_lines=2)]
    assert wait_gone(pids) == []
    log = (tmp_path / "serve.log").read_text()
    assert "Uvicorn running" in log and "k3y" not in log  # streamed to the file, key masked


@pytest.mark.parametrize("line,code", CRASH_LINES, ids=[c for _, c in CRASH_LINES])
def test_crash_line_becomes_its_finding(tmp_path, monkeypatch, line, code):
    sup = _supervisor(tmp_path, monkeypatch, mode="crash", FAKE_VLLM_CRASH_LINE=line, FAKE_VLLM_DELAY="0")
    sup.start()
    outcome = sup.wait_ready()
    assert outcome.state == "exited" and outcome.returncode == 1
    assert code in {f.code for f in outcome.findings}


def test_unknown_crash_shows_last_lines_and_log_path(tmp_path, monkeypatch):
    sup = _supervisor(tmp_path, monkeypatch, mode="crash", FAKE_VLLM_CRASH_LINE="KeyError: 'mystery'",
                      FAKE_VLLM_DELAY="0")
    sup.start()
    outcome = sup.wait_ready()
    assert [f.code for f in outcome.findings] == ["server-exited"]
    assert "KeyError: 'mystery'" in outcome.findings[0].evidence
    assert str(tmp_path / "serve.log") in outcome.findings[0].fix


def test_readiness_timeout_stops_the_hung_server(tmp_path, monkeypatch):
    sup = _supervisor(tmp_path, monkeypatch, mode="hang", timeouts=Timeouts(health=1.0, poll=0.1, grace=(2.0, 2.0)))
    sup.start()
    outcome = sup.wait_ready()
    assert outcome.state == "timeout"
    assert "server-not-ready" in {f.code for f in outcome.findings}
    pids = [int(p) for p in wait_for_file(tmp_path / "pids", min_lines=2)]
    assert wait_gone(pids) == []


def test_server_ignoring_sigint_is_escalated(tmp_path, monkeypatch):
    sup = _supervisor(tmp_path, monkeypatch, timeouts=Timeouts(health=20, poll=0.1, grace=(0.5, 2.0)),
                      FAKE_VLLM_IGNORE_SIGINT="1")
    sup.start()
    assert sup.wait_ready().ok
    sup.stop()
    pids = [int(p) for p in wait_for_file(tmp_path / "pids", min_lines=2)]
    assert wait_gone(pids) == []
    assert sup.proc.returncode is not None
