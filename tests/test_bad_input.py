"""Bad input found by a newcomer's fuzzing: one clear line, exit 2 (or a finding), never a
traceback, exit 3 or a hang. The subprocess timeout is a hang detector, not a speed target."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SIM = ["--host", "sim:300i-duo-96g:2"]
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)


def duowiz(*args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, timeout=30, stdin=stdin)


def one_line_exit_2(out: subprocess.CompletedProcess, words: str = "") -> None:
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr, out.stderr
    assert words in out.stderr


@pytest.mark.parametrize("option", ["--profile", "--host"])
def test_binary_file(tmp_path, option):
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 4)
    args = [option, str(blob)] + ([] if option == "--host" else SIM)
    one_line_exit_2(duowiz("check", *args, "--", "vllm", "serve", "x") if option == "--host" else duowiz("check", *args), "not a text file")


@pytest.mark.parametrize("option", ["--command-file", "--vllm-config"])
def test_alias_bomb_is_refused_quickly(tmp_path, option):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB)
    one_line_exit_2(duowiz("check", *SIM, option, str(bomb)), "alias")


@pytest.mark.parametrize(
    "host",
    [
        {"chips": [{"logic_id": 0, "memory_total_mb": 0}]},
        {"chips": [{"logic_id": 0, "memory_total_mb": 44280}, {"logic_id": 0, "memory_total_mb": 44280}]},
        {"chips": [{"logic_id": -1, "memory_total_mb": 44280}]},
        {"chips": [{"logic_id": 0, "memory_total_mb": True}]},
        {"sim": "300i-duo-96g:1", "versions": ["cann", "9.0.0"]},
        {"sim": "300i-duo-96g:1", "pakages": {"vllm": "0.18.0"}},
    ],
)
def test_impossible_host_files(tmp_path, host):
    path = tmp_path / "host.json"
    path.write_text(json.dumps(host))
    one_line_exit_2(duowiz("check", "--host", str(path), "--", "vllm", "serve", "Qwen/Qwen3-8B"), "host file")


@pytest.mark.parametrize(
    "flag, value",
    [
        ("--gpu-memory-utilization", "nan"),
        ("--gpu-memory-utilization", "inf"),
        ("--gpu-memory-utilization", "1.5"),
        ("--tensor-parallel-size", "1000000000"),
        ("--tensor-parallel-size", "0"),
        ("--max-model-len", "-1"),
        ("--port", "70000"),
    ],
)
def test_impossible_flag_values_are_findings(flag, value):
    out = duowiz("check", "--json", *SIM, "--", "vllm", "serve", "Qwen/Qwen3-8B", "--max-model-len", "4096", flag, value)
    assert out.returncode == 1, out.stderr
    bad = [f for f in json.loads(out.stdout)["findings"] if f["code"] == "invalid-flag-value"]
    assert bad and flag in bad[0]["message"]


def test_absurd_config_sizes_are_invalid_not_a_hang(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({
        "architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "num_hidden_layers": 99999999999,
        "hidden_size": 1e300, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 151936,
        "intermediate_size": 12288, "torch_dtype": "bfloat16",
    }))
    out = duowiz("check", "--json", *SIM, "--", "vllm", "serve", str(model), "--max-model-len", "4096")
    facts = [f for f in json.loads(out.stdout)["findings"] if f["code"] == "model-facts-unavailable"]
    assert facts and "unusable values" in facts[0]["message"] and "num_hidden_layers" in facts[0]["message"]


def test_timeouts_must_be_finite_and_positive():
    one_line_exit_2(duowiz("check", "--timeout", "nan", "--", "vllm", "serve", "x"), "--timeout")
    one_line_exit_2(duowiz("detect", "--timeout", "-1"), "--timeout")


def test_tui_without_a_terminal_says_so():
    one_line_exit_2(duowiz(), "needs a terminal")


def test_ignore_with_a_typo():
    one_line_exit_2(duowiz("check", *SIM, "--ignore", "mask-exceeds-memroy", "--", "vllm", "serve", "x"), "did you mean mask-exceeds-memory")


def test_megabyte_arguments_parse(tmp_path):
    script = tmp_path / "big.sh"
    script.write_text("vllm serve Qwen/Qwen3-8B --max-model-len 8192 --chat-template \"" + "x" * 1_000_000 + "\"\n")
    out = duowiz("check", "--json", *SIM, "--command-file", str(script))
    assert out.returncode in (0, 1) and json.loads(out.stdout)["plan"]["max_model_len"] == 8192


@pytest.mark.parametrize("option", ["--host", "--command-file", "--vllm-config", "--profile"])
def test_devices_and_fifos_are_refused_at_once(tmp_path, option):
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target in ("/dev/zero", str(fifo)):
        args = [option, target] + (["--", "vllm", "serve", "x"] if option == "--host" else SIM)
        one_line_exit_2(duowiz("check", *args), "not a regular file")


def test_command_file_from_stdin():
    out = subprocess.run(
        [sys.executable, "-m", "wizard", "check", "--json", *SIM, "--command-file", "-"],
        input="vllm serve Qwen/Qwen3-8B --dtype float16 --max-model-len 4096\n", capture_output=True, text=True, timeout=30,
    )
    assert json.loads(out.stdout)["plan"]["max_model_len"] == 4096
