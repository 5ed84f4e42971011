"""multiple-servers: a compose file with two vLLM services — one is checked, the other is named."""

import json
import subprocess
import sys

from tests.conftest import shared_dir

SWARM = shared_dir() / "commands" / "910b4-qwen3-30b-a3b-coder-32b-swarm-compose.yaml"


def _check(*extra):
    out = subprocess.run(
        [sys.executable, "-m", "wizard", "check", "--json", "--host", "sim:300i-duo-96g:2", "--command-file", str(SWARM), *extra],
        capture_output=True, text=True, timeout=60,
    )
    return out, json.loads(out.stdout) if out.stdout else None


def test_the_other_server_is_named_with_how_to_check_it():
    _, doc = _check()
    [f] = [f for f in doc["findings"] if f["code"] == "multiple-servers"]
    assert f["severity"] == "info" and "--server 2" in f["message"]


def test_server_2_is_checkable_and_3_is_an_input_error():
    _, doc = _check("--server", "2")
    assert "Coder" in doc["plan"]["model"]
    out, _ = _check("--server", "3")
    assert out.returncode == 2 and "starts 2 server(s)" in out.stderr
