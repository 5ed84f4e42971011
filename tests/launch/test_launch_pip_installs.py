"""Python packages a launch input installs itself (LaunchSpec.pip_installs): a Dockerfile's RUN
lines, a script's `pip install` above the serve line, a container's `sh -c "pip install … && …"`."""

from __future__ import annotations

import pytest
import yaml

from wizard.launch.pip_installs import pip_action, requirement_names
from wizard.launch.reader import read_all_specs, read_command_file, read_command_text


def installed(spec) -> dict[str, int | None]:
    return {p.name: p.line for p in spec.pip_installs}


def dockerfile(tmp_path, body: str, name: str = "Dockerfile"):
    path = tmp_path / name
    path.write_text(body)
    return read_command_file(path)


# --- which commands are pip installs ----------------------------------------------------------
@pytest.mark.parametrize(
    "words, verb",
    [
        (["pip", "install", "x"], "install"),
        (["pip3", "install", "x"], "install"),
        (["/usr/local/bin/pip3.11", "install", "x"], "install"),
        (["python3", "-m", "pip", "install", "x"], "install"),
        (["python", "-m", "uv", "pip", "install", "x"], "install"),
        (["uv", "pip", "install", "x"], "install"),
        (["pip", "--no-cache-dir", "-q", "install", "x"], "install"),
        (["pip", "--python", "/opt/py", "uninstall", "-y", "x"], "uninstall"),
        (["uv", "pip", "uninstall", "x"], "uninstall"),
    ],
)
def test_pip_commands(words, verb):
    assert pip_action(words) == (verb, [w for w in words[words.index(verb) + 1 :]])


@pytest.mark.parametrize(
    "words",
    [["pip", "download", "triton"], ["pip", "show", "triton"], ["pipx", "install", "triton"],
     ["uv", "add", "triton"], ["python", "-m", "pipx", "install", "x"], ["apt-get", "install", "pip"], []],
)
def test_not_pip_installs(words):
    assert pip_action(words) is None


def test_requirement_names():
    args = [
        "--no-cache-dir", "-U", "-r", "requirements.txt", "-c", "constraints.txt", "-e", ".",
        "--index-url", "https://mirror/simple", "--extra-index-url=https://x/simple", "-i", "https://y",
        "Triton_Ascend==3.2.0", "numpy[extra]>=1.26,<2", "torch-npu~=2.9.0", "requests; python_version>'3'",
        "vllm", "@", "https://example.com/vllm.tar.gz", "mylib@git+https://x/mylib.git",
        "./dist/triton-3.2.0-1-cp311-cp311-manylinux_2_27_aarch64.whl",
        "git+https://gitee.com/ascend/triton-ascend.git#egg=triton-ascend",
        "./local/folder", "$PKG",
    ]
    assert requirement_names(args) == [
        ("triton-ascend", "Triton_Ascend==3.2.0"),
        ("numpy", "numpy[extra]>=1.26,<2"),
        ("torch-npu", "torch-npu~=2.9.0"),
        ("requests", "requests; python_version>'3'"),
        ("vllm", "vllm"),
        ("mylib", "mylib@git+https://x/mylib.git"),
        ("triton", "./dist/triton-3.2.0-1-cp311-cp311-manylinux_2_27_aarch64.whl"),
        ("triton-ascend", "git+https://gitee.com/ascend/triton-ascend.git#egg=triton-ascend"),
    ]


# --- Dockerfile ---------------------------------------------------------------------------------
BRIEF = """\
FROM quay.io/ascend/vllm-ascend:v0.18.0-310p
ARG TRITON=3.2.0
RUN apt-get update && apt-get install -y curl && \\
    pip install --no-cache-dir -r /tmp/requirements.txt \\
        "triton-ascend==${TRITON}" \\
        modelscope && rm -rf /root/.cache
RUN --mount=type=cache,target=/root/.cache/pip pip3 install -U triton
CMD ["vllm", "serve", "Qwen/Qwen3-8B", "--dtype", "float16", "--max-model-len", "8192"]
"""


def test_dockerfile_run_installs_with_lines(tmp_path):
    spec = dockerfile(tmp_path, BRIEF)
    assert installed(spec) == {"triton-ascend": 5, "modelscope": 6, "triton": 7}  # the line each is named on
    [ascend] = [p for p in spec.pip_installs if p.name == "triton-ascend"]
    assert ascend.requirement == "triton-ascend==3.2.0"  # ARG substituted, as the RUN shell does
    assert ascend.command.startswith("pip install --no-cache-dir -r /tmp/requirements.txt triton-ascend==3.2.0")
    assert spec.model == "Qwen/Qwen3-8B" and spec.last("max_model_len").line == 8  # CMD still read


def test_dockerfile_exec_form_wrappers_and_nested_shell(tmp_path):
    spec = dockerfile(tmp_path, 'FROM img\nRUN ["python3", "-m", "pip", "install", "triton"]\n'
                                "RUN sudo -E env A=1 uv pip install --system triton-ascend\n"
                                """RUN ["/bin/bash", "-c", "pip install numpy && pip install torch"]\n"""
                                'ENTRYPOINT ["vllm", "serve", "m"]\n')
    assert installed(spec) == {"triton": 2, "triton-ascend": 3, "numpy": 4, "torch": 4}


def test_dockerfile_uninstall_in_a_later_run_removes(tmp_path):
    spec = dockerfile(tmp_path, "FROM img\nRUN pip install triton triton-ascend numpy\n"
                                "RUN pip uninstall -y triton triton-ascend && rm -rf /usr/lib/python3/site-packages/triton\n"
                                'CMD ["vllm", "serve", "m"]\n')
    assert installed(spec) == {"numpy": 2}
    spec = dockerfile(tmp_path, "FROM img\nRUN pip uninstall -y triton\nRUN pip install triton\n"
                                'CMD ["vllm", "serve", "m"]\n')
    assert installed(spec) == {"triton": 3}  # uninstalled before, installed after: still there


def test_dockerfile_stages_inherit_only_from_their_base(tmp_path):
    body = ("FROM python:3.11 AS builder\nRUN pip install triton\n"
            "FROM img AS runtime\nRUN pip install numpy\n"
            "FROM runtime\nRUN pip install modelscope\nCMD vllm serve m\n")
    assert installed(dockerfile(tmp_path, body)) == {"numpy": 4, "modelscope": 6}
    body = "FROM img AS base\nRUN pip install triton\nFROM base\nCMD vllm serve m\n"
    assert installed(dockerfile(tmp_path, body)) == {"triton": 2}


def test_dockerfile_cmd_script_installs_and_uninstalls(tmp_path):
    spec = dockerfile(tmp_path, "FROM img\nRUN pip install triton numpy\n"
                                'CMD ["sh", "-c", "pip uninstall -y triton && pip install modelscope && vllm serve m"]\n')
    assert installed(spec) == {"numpy": 2, "modelscope": 3}  # the CMD's own install points at the CMD line


def test_dockerfile_unbalanced_quote_in_run_installs_nothing_and_still_reads(tmp_path):
    spec = dockerfile(tmp_path, "FROM img\nRUN pip install 'triton\nCMD vllm serve m\n")
    assert spec.model == "m" and spec.pip_installs == []


def test_dockerfile_without_pip_has_no_installs(tmp_path):
    spec = dockerfile(tmp_path, "FROM img\nRUN apt-get install -y python3-pip && echo pip install triton\n"
                                "CMD vllm serve m\n")
    assert spec.pip_installs == []


# --- shell scripts ------------------------------------------------------------------------------
def test_script_installs_before_the_serve_line():
    spec = read_command_text("set -e\npip install triton==3.2.0\n"
                             "vllm serve m --dtype float16\npip install numpy\n")
    assert installed(spec) == {"triton": 2}  # what comes after the serve line does not count
    assert spec.pip_installs[0].requirement == "triton==3.2.0"


def test_script_uninstall_and_each_server_sees_its_own_state(tmp_path):
    path = tmp_path / "two.sh"
    path.write_text("pip install triton\nvllm serve a --port 8000 &\n"
                    "pip uninstall -y triton\nvllm serve b --port 8001\n")
    first, second = read_all_specs(path)
    assert (installed(first), installed(second)) == ({"triton": 1}, {})


def test_script_container_installs_belong_to_the_container():
    # typed inside the container the `docker run … bash` started: that container has it
    spec = read_command_text("pip install numpy\ndocker run -it --rm img bash\n"
                             "pip install triton-ascend\nvllm serve m\n")
    assert installed(spec) == {"triton-ascend": 3}
    # installed on the host, then a container runs vLLM: the container starts from its image
    spec = read_command_text("pip install triton\ndocker run --rm img vllm serve m\n")
    assert spec.pip_installs == []
    spec = read_command_text('docker run --rm img \\\n  bash -c "pip install triton && vllm serve m"\n')
    assert installed(spec) == {"triton": 2}


def test_k8s_container_script_installs(tmp_path):
    manifest = tmp_path / "pod.yaml"
    manifest.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Pod",
        "spec": {"containers": [{"name": "v", "image": "img", "command": ["/bin/sh", "-c"],
                                 "args": ["pip install triton-ascend && vllm serve m"]}]},
    }))
    assert installed(read_command_file(manifest)) == {"triton-ascend": None}  # no line in the manifest to name
