"""`duowiz --profile` argument handling and dry runs, in-process (fast): the --model override,
argument-time validation (exit 2, one line), masked secrets, and a dry run that always prints
the commands plus everything a real run would refuse on."""

import argparse
import socket

import pytest

from runtime import headless
from runtime.argcheck import executable_path
from tests.runtime.headless_util import serve_line, serve_tokens
from tests.runtime.helpers import fake_vllm_bin, free_port


SIM = "sim:300i-duo-96g:2"
BASE = ["--profile", "qwen3-8b-w8a8s-tp1", "--dry-run", "--host", SIM]


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="duowiz")
    headless.add_arguments(parser)
    code = headless.run(parser.parse_args(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _dry(capsys, *more: str, port: int | None = None) -> tuple[int, str, str]:
    return _run([*BASE, "--port", str(port or free_port()), *more], capsys)


def test_model_override_is_checked_and_served(capsys):
    code, out, err = _dry(capsys, "--model", "Qwen/Qwen3-14B")
    assert code == 0, out + err
    _env, model, _flags = serve_tokens(serve_line(out))
    assert model == "Qwen/Qwen3-14B"
    assert "Eco-Tech/Qwen3-8B-w8a8s-310" not in out  # neither checked nor served


def test_model_through_set_replaces_the_model_too(capsys):
    code, out, err = _dry(capsys, "--set", "model=Qwen/Qwen3-14B")
    assert code == 0, out + err
    _env, model, flags = serve_tokens(serve_line(out))
    assert model == "Qwen/Qwen3-14B" and "--model" not in flags


@pytest.mark.parametrize("argv", [
    ["--model", ""], ["--model", "  "],
    ["--port", "0"], ["--port", "-1"], ["--port", "70000"], ["--set", "port=0"],
    ["--ready-timeout", "-5"], ["--ready-timeout", "nan"], ["--models-timeout", "0"], ["--smoke-timeout", "inf"],
    ["--timeout", "0"], ["--timeout", "nan"], ["--timeout", "601"],
    ["--gpu-memory-utilization", "nan"], ["--gpu-memory-utilization", "inf"],
    ["--set", "gpu_memory_utilization=NaN"], ["--set", "gpu_memory_utilization=nan"],
    ["--set", "max_model_len=inf"], ["--max-model-len=-inf"],
    ["--set", 'compilation_config={"x": NaN}'],
    ["--vllm-bin", "./no-such-vllm"],
])
def test_bad_arguments_are_exit_2_with_one_line(argv, capsys):
    code, out, err = _run([*BASE, *argv], capsys)
    assert code == 2, out + err
    assert err.startswith("duowiz: ") and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in out + err


def test_relative_vllm_bin_becomes_absolute(tmp_path, monkeypatch, capsys):
    exe = fake_vllm_bin(tmp_path)
    monkeypatch.chdir(exe.parent)
    code, out, err = _dry(capsys, "--vllm-bin", "./vllm")
    assert code == 0, out + err
    assert serve_line(out).split()[1] == str(exe)  # after the ASCEND_RT_VISIBLE_DEVICES=… prefix
    assert executable_path("--vllm-bin", "./vllm") == str(exe)


def test_non_executable_vllm_bin_is_refused(tmp_path, capsys):
    plain = tmp_path / "vllm"
    plain.write_text("not a program")
    code, _out, err = _dry(capsys, "--vllm-bin", str(plain))
    assert code == 2 and "not an executable file" in err


def test_secret_env_values_are_masked_everywhere(capsys):
    code, out, err = _dry(capsys, "--env", "VLLM_API_KEY=secret123", "--env", "HF_TOKEN=tok456",
                          "--env", "DB_PASSWORD=pw789", "--env", "MY_SECRET=s3cr3t", "--api-key", "sk-abc")
    assert code == 0, out + err
    for secret in ("secret123", "tok456", "pw789", "s3cr3t", "sk-abc"):
        assert secret not in out + err
    assert "#   VLLM_API_KEY=***" in out


def test_secret_env_is_masked_in_docker_dry_run(capsys):
    code, out, err = _dry(capsys, "--runtime", "docker", "--env", "VLLM_API_KEY=secret123")
    assert code == 0, out + err
    assert "secret123" not in out + err and "VLLM_API_KEY=***" in out


def test_dry_run_reports_a_busy_port_and_still_prints_the_command(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = _dry(capsys, port=port)
    assert code == 1, out + err
    assert "port-in-use" in out
    assert f"--port {port}" in serve_line(out)
    assert "a real run would refuse: 1 error(s)" in out


def test_dry_run_with_check_errors_prints_commands_and_exits_1(capsys):
    # TP4 on a single card (2 chips): the check refuses, the dry run still shows what would run
    argv = ["--profile", "qwen3-32b-w8a8sc-tp4", "--dry-run", "--host", "sim:300i-duo-96g:1", "--port", str(free_port())]
    code, out, err = _run(argv, capsys)
    assert code == 1, out + err
    assert "# serve:" in out and " serve /models/Qwen3-32B-w8a8sc-310-vllm-tp4" in serve_line(out)
    assert "# compression" in out
    last = out.strip().splitlines()[-1]
    assert last.startswith("duowiz: a real run would refuse: ") and "error(s)" in last


def test_force_dry_run_warns_and_does_not_count_check_errors(capsys):
    argv = ["--profile", "qwen3-8b-w8a8s-tp1", "--dry-run", "--host", SIM, "--port", str(free_port()),
            "--max-model-len", "999999999", "--force"]
    code, out, err = _run(argv, capsys)
    assert "WARNING --force" in out, out + err
    assert "# serve:" in out and code == 0


def test_timeout_reaches_host_detection(monkeypatch, capsys):
    import wizard.detect
    from wizard.host.sim import simulated_host

    seen = {}

    def fake_detect(timeout=15.0, **_kw):
        seen["timeout"] = timeout
        return simulated_host(SIM)

    monkeypatch.setattr(wizard.detect, "detect_host", fake_detect)
    code, out, err = _run(["--profile", "qwen3-8b-w8a8s-tp1", "--dry-run", "--timeout", "2.5",
                           "--port", str(free_port())], capsys)
    assert seen == {"timeout": 2.5}, out + err
    assert "# serve:" in out


def test_an_unknown_flag_blocks_a_launch_though_check_calls_it_a_warning(capsys):
    """`check` keeps unknown-flag a warning (rules.md); a launch of vLLM 0.18.0 with it would die at once."""
    argv = ["--profile", "qwen3-8b-w8a8s-tp1", "--dry-run", "--host", SIM, "--port", str(free_port()),
            "--set", "frobnicate=1"]
    code, out, err = _run(argv, capsys)
    assert code == 1, out + err
    assert "unknown-flag" in out and "--frobnicate 1" in serve_line(out)
    assert "1 unknown flag(s) vLLM 0.18.0 would reject" in out.strip().splitlines()[-1]
    code, out, err = _run(argv + ["--force"], capsys)
    assert code == 0 and "WARNING --force" in out, out + err


@pytest.mark.parametrize("command", ["check", None])
def test_an_empty_host_is_an_input_error_not_this_machine(command, capsys):
    from wizard.cli import main

    argv = (["check", "--host", "", "--", "vllm", "serve", "Qwen/Qwen3-8B"] if command
            else ["--profile", "qwen3-8b-w8a8s-tp1", "--host", "", "--dry-run"])
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2 and "--host" in capsys.readouterr().err
