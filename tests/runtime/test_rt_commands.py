import sys

import pytest

from runtime import commands
from runtime.commands import docker_command, mask_argv, native_command, shell_line
from tests.runtime.helpers import fake_vllm_bin, flag, make_plan
from wizard.findings import InputError


def test_native_command_keeps_flags_as_written_and_sets_devices(tmp_path):
    exe = fake_vllm_bin(tmp_path)
    plan = make_plan(flags=[flag("--tensor-parallel-size", "2"), flag("--gpu_memory_utilization", "0.90"),
                            flag("--no-enable-prefix-caching"), flag("--load_format", "sharded_state")],
                     chip_ids=[3, 2])
    argv, env = native_command(plan, str(exe))
    assert argv == [str(exe), "serve", "/models/m", "--tensor-parallel-size", "2", "--gpu_memory_utilization",
                    "0.90", "--no-enable-prefix-caching", "--load_format", "sharded_state"]
    assert env["ASCEND_RT_VISIBLE_DEVICES"] == "2,3"


def test_vllm_bin_missing_is_a_clear_input_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    with pytest.raises(InputError, match="no `vllm` executable"):
        commands.find_vllm(None)
    with pytest.raises(InputError, match="not an executable"):
        commands.find_vllm(str(tmp_path / "nope"))


def test_vllm_beside_interpreter_wins_over_path(tmp_path, monkeypatch):
    exe = fake_vllm_bin(tmp_path)
    monkeypatch.setattr(sys, "executable", str(exe.parent / "python"))
    assert commands.find_vllm(None) == str(exe)


def test_docker_command_uses_only_chosen_chips_and_loopback_publish():
    plan = make_plan(flags=[flag("--host", "127.0.0.1"), flag("--port", "8080"), flag("--tensor-parallel-size", "2")],
                     chip_ids=[2, 3], image="quay.io/ascend/vllm-ascend:v0.18.0-310p")
    cmd = docker_command(plan)
    argv = cmd.argv
    devices = [argv[i + 1] for i, t in enumerate(argv) if t == "--device"]
    assert devices == ["/dev/davinci2", "/dev/davinci3", "/dev/davinci_manager", "/dev/devmm_svm", "/dev/hisi_hdc"]
    assert ["-p", "127.0.0.1:8080:8080"] == argv[argv.index("-p"):argv.index("-p") + 2]
    assert "ASCEND_RT_VISIBLE_DEVICES=0,1" in argv  # host chips 2,3 are devices 0,1 inside the container
    assert "/usr/local/Ascend/driver/lib64/:/usr/local/Ascend/driver/lib64/" in argv
    assert "--shm-size=10g" in argv and "-v" in argv and "/models/m:/models/m" in argv
    tail = argv[argv.index("quay.io/ascend/vllm-ascend:v0.18.0-310p"):]
    assert tail[1:4] == ["vllm", "serve", "/models/m"]
    assert tail[tail.index("--host") + 1] == "0.0.0.0"
    assert any("physical id unknown" in n for n in cmd.notes)


def test_docker_without_image_is_an_input_error():
    with pytest.raises(InputError, match="image"):
        docker_command(make_plan())


def test_api_keys_are_masked_in_printed_lines():
    argv = ["vllm", "serve", "m", "--api-key", "sekrit", "--api_key=sekrit2", "-e", "VLLM_API_KEY=sekrit3"]
    masked = mask_argv(argv)
    assert "sekrit" not in " ".join(masked)
    assert masked[3:5] == ["--api-key", "***"]
    line = shell_line(argv, {"VLLM_API_KEY": "sekrit4", "ASCEND_RT_VISIBLE_DEVICES": "0"})
    assert "sekrit" not in line and "ASCEND_RT_VISIBLE_DEVICES=0" in line
