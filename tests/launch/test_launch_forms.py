"""Launch forms beyond a bare `vllm serve`: command wrappers, Dockerfiles, systemd units."""

from __future__ import annotations

import pytest

from wizard.findings import InputError
from wizard.host.sim import simulated_host
from wizard.launch.options import serve_options
from wizard.launch.reader import read_all_specs, read_command_file, read_command_line, read_command_text


# --- command wrappers -------------------------------------------------------------------------
def test_the_brief_example():
    spec = read_command_text(
        "exec env ASCEND_RT_VISIBLE_DEVICES=1 timeout 3600 uv run vllm serve Qwen/Qwen3-8B --max-model-len 8192 --dtype half"
    )
    assert (spec.model, spec.env, serve_options(spec).max_model_len) == ("Qwen/Qwen3-8B", {"ASCEND_RT_VISIBLE_DEVICES": "1"}, 8192)
    assert spec.last("dtype").value == "half" and not spec.issues


@pytest.mark.parametrize(
    "prefix",
    [
        "exec", "exec -a srv", "nohup", "nohup --", "nice", "nice -n 10", "nice -n10", "nice --adjustment=5",
        "taskset 0xff", "taskset -c 0-7", "taskset -a -c 0,2", "numactl --cpunodebind=0 --membind=0",
        "numactl -N 0 -m 0", "numactl --interleave all", "stdbuf -oL -eL", "stdbuf -o 0", "time", "time -p",
        "/usr/bin/time -v", "/usr/bin/time -f %e", "timeout 1h", "timeout -s KILL -k 10 3600", "timeout --signal=INT 90m",
        "timeout --preserve-status --foreground 600", "sudo -E", "sudo -E -u svc", "sudo -Eu svc", "uv run",
        "uv run --with vllm-ascend --python 3.11", "uv --directory /x run --no-sync", "uvx --from vllm",
        "poetry run", "poetry -C /srv run", "pipx run", "pipx run --spec vllm==0.10.0", "conda run -n vllm",
        "conda run -n vllm --no-capture-output", "conda run --name=vllm --live-stream", "micromamba run -n vllm",
        "mamba run -p /opt/env", "setsid -f", "command", "env", "/usr/bin/env", "env --",
    ],
)
def test_wrappers_before_vllm_serve(prefix):
    spec = read_command_text(f"{prefix} vllm serve /models/q --tensor-parallel-size 2 --port 8001")
    assert (spec.model, serve_options(spec).tensor_parallel_size, serve_options(spec).port) == ("/models/q", 2, 8001)
    assert not spec.issues


def test_wrappers_stack_and_work_for_argv_too():
    argv = ["nohup", "nice", "-n", "5", "taskset", "-c", "0-15", "numactl", "-m", "0", "stdbuf", "-oL",
            "/opt/venv/bin/vllm", "serve", "m", "-tp", "2"]
    spec = read_command_line(argv)
    assert (spec.model, serve_options(spec).tensor_parallel_size) == ("m", 2)


def test_vllm_path_and_cli_main_module():
    assert read_command_text("/opt/venv/bin/vllm serve m").model == "m"
    spec = read_command_text("python3 -m vllm.entrypoints.cli.main serve m --port 9000")
    assert (spec.entrypoint, spec.model, serve_options(spec).port) == ("vllm serve", "m", 9000)
    api = read_command_text("uv run -m vllm.entrypoints.openai.api_server --model m")
    assert (api.entrypoint, api.model) == ("api_server", "m")


def test_env_sets_unsets_and_clears():
    spec = read_command_text("export A=1 B=2\nenv -u B C=3 vllm serve m\n")
    assert spec.env == {"A": "1", "C": "3"}
    cleared = read_command_text("export A=1\nenv -i PATH=/bin HOME=/root vllm serve m\n")
    assert cleared.env == {"PATH": "/bin", "HOME": "/root"}
    dash = read_command_text("export A=1\nenv - X=1 vllm serve m\n")
    assert dash.env == {"X": "1"}
    split = read_command_text("env -S 'A=1 vllm serve' m --port 8000")
    assert (split.model, split.env) == ("m", {"A": "1"})


def test_sudo_without_preserve_env_drops_exports_and_says_so():
    spec = read_command_text("export ASCEND_RT_VISIBLE_DEVICES=0,1\nVLLM_USE_V1=1 sudo -u svc TP=2 vllm serve m\n")
    assert spec.env == {"TP": "2"}
    assert spec.env_reset and any("sudo without -E" in n for n in spec.notes)
    assert any("ASCEND_RT_VISIBLE_DEVICES" in n and "VLLM_USE_V1" in n for n in spec.notes)
    kept = read_command_text("export A=1\nsudo -E vllm serve m\n")
    assert kept.env == {"A": "1"} and kept.env_reset is None
    listed = read_command_text("export A=1 B=2\nsudo --preserve-env=A vllm serve m\n")
    assert listed.env == {"A": "1"}
    inside = read_command_text("docker run -e X=1 img sudo vllm serve m")
    assert inside.env == {} and inside.image == "img"


def test_sudo_docker_run_is_still_a_docker_run():
    spec = read_command_text("sudo docker run --device /dev/davinci0 img vllm serve m")
    assert (spec.docker, spec.devices, spec.model) == (True, ["/dev/davinci0"], "m")


def test_conda_environment_is_noted():
    spec = read_command_text("conda run -n vllm310p --no-capture-output vllm serve m")
    assert any("vllm310p" in n for n in spec.notes)


@pytest.mark.parametrize("text", ["uv pip install vllm", "conda activate x", "timeout 10", "nohup", "env A=1",
                                  "sudo -u svc python app.py", "poetry install"])
def test_wrapper_without_vllm_is_no_serve_command(text):
    with pytest.raises(InputError, match="no `vllm serve`") as info:
        read_command_text(text)
    assert "\n" not in str(info.value)


# --- Dockerfile -----------------------------------------------------------------------------------
DOCKERFILE = """\
# syntax=docker/dockerfile:1
ARG BASE=quay.io/ascend/vllm-ascend:v0.10.0rc1-310p
FROM python:3.11 AS tools
RUN pip install huggingface_hub
FROM ${BASE} AS base
ENV VLLM_USE_V1=1 \\
    # comments inside a continuation are dropped
    PYTORCH_NPU_ALLOC_CONF="expandable_segments:True"
ENV LEGACY_FORM some value
FROM base
ENTRYPOINT ["vllm", "serve"]
CMD ["Qwen/Qwen3-8B", "--max-model-len", "8192", "--dtype", "float16"]
"""


def test_dockerfile_entrypoint_plus_cmd(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text(DOCKERFILE)
    spec = read_command_file(path)
    assert (spec.source, spec.docker, spec.devices) == ("dockerfile", True, [])
    assert spec.image == "quay.io/ascend/vllm-ascend:v0.10.0rc1-310p"  # last stage, through `FROM base`
    assert spec.env == {"VLLM_USE_V1": "1", "PYTORCH_NPU_ALLOC_CONF": "expandable_segments:True", "LEGACY_FORM": "some value"}
    assert (spec.model, serve_options(spec).max_model_len) == ("Qwen/Qwen3-8B", 8192)
    assert spec.last("max_model_len").line == 12


def test_dockerfile_shell_form_uses_env(tmp_path):
    path = tmp_path / "serve.Dockerfile"
    path.write_text("FROM img:1\nENV MODEL=/models/q TP=2\nCMD vllm serve $MODEL \\\n  --tensor-parallel-size ${TP}\n")
    spec = read_command_file(path)
    assert (spec.image, spec.model, serve_options(spec).tensor_parallel_size) == ("img:1", "/models/q", 2)


def test_dockerfile_found_by_content_and_shell_entrypoint_ignores_cmd(tmp_path):
    path = tmp_path / "image.txt"
    path.write_text("FROM img\nCMD [\"ignored\"]\nENTRYPOINT vllm serve m --port 8000\n")
    spec = read_command_file(path)
    assert (spec.source, spec.model, serve_options(spec).port) == ("dockerfile", "m", 8000)
    assert any("ignores CMD" in n for n in spec.notes)


def test_dockerfile_entrypoint_drops_inherited_cmd_and_bash_c(tmp_path):
    path = tmp_path / "Containerfile"
    path.write_text('FROM a AS one\nCMD ["vllm", "serve", "wrong"]\nFROM one\n'
                    'ENTRYPOINT ["/bin/bash", "-c", "export X=1 && vllm serve right"]\n')
    spec = read_command_file(path)
    assert (spec.model, spec.image, spec.env) == ("right", "a", {"X": "1"})


def test_dockerfile_without_vllm_is_a_one_line_error(tmp_path):
    for body, hint in [('FROM x\nCMD ["bash", "start.sh"]\n', "bash start.sh"), ("FROM x\nRUN true\n", "no CMD")]:
        path = tmp_path / "Dockerfile"
        path.write_text(body)
        with pytest.raises(InputError, match="no `vllm serve`") as info:
            read_command_file(path)
        assert hint in str(info.value) and "\n" not in str(info.value)


def test_dockerfile_plan_uses_the_hosts_chips(tmp_path):
    from wizard.assemble import build_plan

    path = tmp_path / "Dockerfile"
    path.write_text('FROM img\nCMD ["vllm", "serve", "m", "--tensor-parallel-size", "2"]\n')
    plan = build_plan(read_command_file(path), simulated_host("300i-duo-96g:1"), env={})
    assert plan.device_pool is None and len(plan.chip_ids) == 2


# --- systemd units --------------------------------------------------------------------------------
UNIT = """\
[Unit]
Description=vLLM on the DUO card
# ExecStart=/wrong/in/unit/section

[Service]
Environment="ASCEND_RT_VISIBLE_DEVICES=0,1" VLLM_USE_V1=1
Environment='TP=2' "NOTE=two words"
EnvironmentFile=-/etc/default/vllm
WorkingDirectory=/srv/vllm
ExecStartPre=/bin/sleep 1
ExecStart=-/usr/bin/env OMP_NUM_THREADS=4 /opt/venv/bin/vllm serve /models/q \\
    --tensor-parallel-size ${TP} \\
    ; a comment line inside the continuation
    --max-model-len 4096
Restart=always

[Install]
WantedBy=multi-user.target
"""


def test_systemd_unit(tmp_path):
    path = tmp_path / "vllm.service"
    path.write_text(UNIT)
    spec = read_command_file(path)
    assert (spec.source, spec.model, spec.docker, spec.workdir) == ("systemd", "/models/q", False, "/srv/vllm")
    assert spec.env == {"ASCEND_RT_VISIBLE_DEVICES": "0,1", "VLLM_USE_V1": "1", "TP": "2", "NOTE": "two words",
                        "OMP_NUM_THREADS": "4"}
    opts = serve_options(spec)
    assert (opts.tensor_parallel_size, opts.max_model_len) == (2, 4096)
    assert (spec.last("tensor_parallel_size").line, spec.last("max_model_len").line) == (12, 14)
    assert any("EnvironmentFile=/etc/default/vllm" in n and "not read" in n for n in spec.notes)


def test_systemd_dropin_reset_and_at_prefix(tmp_path):
    path = tmp_path / "override.conf"
    path.write_text("[Service]\nExecStart=\nExecStart=@/usr/bin/python3 vllm-api -m vllm.entrypoints.openai.api_server "
                    "--model m --port 8001\nEnvironment=A=1\nEnvironment=\nEnvironment=B=2\n")
    spec = read_command_file(path)
    assert (spec.entrypoint, spec.model, spec.env) == ("api_server", "m", {"B": "2"})


def test_systemd_bash_c_and_docker_run(tmp_path):
    shell = tmp_path / "a.service"
    shell.write_text("[Service]\nEnvironment=M=/models/x\nExecStart=/bin/bash -c 'export A=1; exec vllm serve $M --port 9000'\n")
    spec = read_command_file(shell)
    assert (spec.model, spec.env, serve_options(spec).port) == ("/models/x", {"M": "/models/x", "A": "1"}, 9000)
    docker = tmp_path / "b.service"
    docker.write_text("[Service]\nExecStartPre=-/usr/bin/docker rm -f v\n"
                      "ExecStart=/usr/bin/docker run --rm --name v --device /dev/davinci0 -e X=1 img vllm serve m\n")
    spec = read_command_file(docker)
    assert (spec.docker, spec.image, spec.devices, spec.env) == (True, "img", ["/dev/davinci0"], {"X": "1"})
    assert len(read_all_specs(docker)) == 1


def test_systemd_without_vllm_is_a_one_line_error(tmp_path):
    for body, hint in [("[Service]\nExecStart=/usr/bin/python app.py\n", "/usr/bin/python app.py"),
                       ("[Service]\nType=simple\n", "no ExecStart")]:
        path = tmp_path / "x.service"
        path.write_text(body)
        with pytest.raises(InputError, match="no `vllm serve`") as info:
            read_command_file(path)
        assert hint in str(info.value) and "\n" not in str(info.value)


# --- none of these ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, body",
    [
        ("notes.txt", "hello world\nthis is not a launch file\n"),
        ("settings.ini", "[Unit]\nDescription=x\n"),
        ("from.txt", "from here on, nothing\n"),
        ("Dockerfile.txt", "# only a comment\n"),
    ],
)
def test_other_files_give_the_one_line_error(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(body)
    with pytest.raises(InputError, match="no `vllm serve` command found in") as info:
        read_command_file(path)
    assert "\n" not in str(info.value)
