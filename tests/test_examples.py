"""The README's `examples/` files check exactly as the README says (exit 1, the named findings)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_check_cli import duowiz

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _codes(out) -> dict[str, str]:
    return {f["code"]: f["severity"] for f in json.loads(out.stdout)["findings"]}


def test_the_docker_script_with_a_32k_context():
    out = duowiz("check", "--json", "--host", "sim:300i-duo-96g:2", "--command-file", str(EXAMPLES / "deploy-qwen3-32b-tp4.sh"))
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    errors = [f for f in doc["findings"] if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["mask-exceeds-memory"]
    assert "--max-model-len 19456" in errors[0]["fix"] and "gpu-memory-utilization" in errors[0]["fix"]


def test_the_vllm_config_file_without_dtype_or_length():
    out = duowiz("check", "--json", "--host", "sim:300i-duo-96g:1", "--vllm-config", str(EXAMPLES / "serve-qwen3-8b.yaml"))
    assert out.returncode == 1, out.stderr
    errors = sorted(code for code, sev in _codes(out).items() if sev == "error")
    assert errors == ["dtype-not-float16", "mask-exceeds-memory", "max-model-len-unset"]
