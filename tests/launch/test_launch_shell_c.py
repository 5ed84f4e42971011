"""`bash -c '…'` / `sh -lc '…'` anywhere a command can be: the script is read like any script
(exports, pip installs, `&&` chains), recursively, with flag and package lines of this input."""

from __future__ import annotations

import shlex

import pytest

from wizard.findings import InputError

from wizard.launch.reader import MAX_SHELL_DEPTH, read_all_specs, read_command_line, read_command_text
from wizard.launch.wrappers import shell_c

SERVE = "vllm serve Qwen/Qwen3-8B --dtype bfloat16 --max-model-len 8192"
IMAGE = "quay.io/ascend/vllm-ascend:v0.18.0-310p"
DEVICES = "--device /dev/davinci0 --device /dev/davinci_manager --device /dev/devmm_svm --device /dev/hisi_hdc"


@pytest.mark.parametrize(
    ("words", "script", "positional"),
    [
        (["bash", "-c", "x"], "x", []),
        (["/bin/sh", "-lc", "x", "a0", "a1"], "x", ["a0", "a1"]),
        (["bash", "-l", "-e", "-c", "x"], "x", []),
        (["bash", "-o", "pipefail", "-c", "x"], "x", []),
        (["bash", "-ceux", "x"], "x", []),
        (["zsh", "--login", "-c", "x"], "x", []),
        (["dash", "-c", "--", "x"], "x", []),  # `--` ends the options
    ],
)
def test_shell_c_words(words, script, positional):
    found = shell_c(words)
    assert found is not None and found.script == script and found.positional == positional


@pytest.mark.parametrize("words", [["bash"], ["bash", "script.sh"], ["bash", "-l"], ["python", "-c", "x"], ["bash", "-c"]])
def test_not_a_shell_c(words):
    assert shell_c(words) is None


def test_bash_c_in_a_script_with_a_pip_install_chain():
    spec = read_command_text(f"bash -c 'pip install triton && {SERVE}'")
    assert spec.model == "Qwen/Qwen3-8B" and spec.last("dtype").value == "bfloat16"
    assert [p.name for p in spec.pip_installs] == ["triton"]


def test_bash_c_as_argv_after_double_dash():
    spec = read_command_line(["bash", "-c", f"pip install triton && {SERVE}"])
    assert spec.last("dtype").value == "bfloat16" and [p.name for p in spec.pip_installs] == ["triton"]


def test_nohup_sh_lc_background_sees_exports_and_its_own():
    text = "export DT=bfloat16\nLOCAL=x\nnohup sh -lc 'export M=Qwen/Qwen3-8B; vllm serve $M --dtype $DT --served-model-name ${LOCAL:-none}' > log 2>&1 &\n"
    spec = read_command_text(text)
    assert spec.model == "Qwen/Qwen3-8B" and spec.last("dtype").value == "bfloat16"
    assert spec.last("served_model_name").value == "none"  # not exported: the inner shell does not have it
    assert spec.env.get("DT") == "bfloat16"


def test_flag_lines_point_into_this_input():
    text = "echo start\nbash -c '\nexport A=1\nvllm serve Qwen/Qwen3-8B \\\n  --dtype float16\n'\n"
    spec = read_command_text(text)
    assert spec.last("dtype").line == 5


def test_installs_in_a_bash_c_count_for_later_lines():
    spec = read_command_text(f"bash -c 'pip install triton'\n{SERVE}\n")
    assert [(p.name, p.line) for p in spec.pip_installs] == [("triton", 1)]


def test_positional_parameters():
    spec = read_command_text("bash -c 'vllm serve $1 --dtype $2' _ Qwen/Qwen3-8B float16")
    assert spec.model == "Qwen/Qwen3-8B" and spec.last("dtype").value == "float16"


def test_nested_shells_inside_docker_run():
    inner = 'sh -c "vllm serve Qwen/Qwen3-8B --dtype \\$DT"'  # $DT: the container's, not the host's
    text = f"docker run --rm {DEVICES} -e DT=float16 {IMAGE} bash -c '{inner}'"
    spec = read_command_text(text)
    assert spec.docker and spec.image == IMAGE and spec.last("dtype").value == "float16"
    assert "/dev/davinci0" in " ".join(spec.devices)


def test_docker_run_bash_with_options_before_c():
    spec = read_command_text(f"docker run {DEVICES} {IMAGE} bash -o pipefail -c '{SERVE} | tee log'")
    assert spec.docker and spec.last("dtype").value == "bfloat16"


def test_sudo_bash_c_resets_the_environment():
    spec = read_command_text(f"export ASCEND_RT_VISIBLE_DEVICES=0\nsudo bash -c '{SERVE}'\n")
    assert "ASCEND_RT_VISIBLE_DEVICES" not in spec.env
    assert spec.env_reset is not None


def _nested(levels: int) -> str:
    text = SERVE
    for _ in range(levels):
        text = "bash -c " + shlex.quote(text)
    return text


def test_depth_is_bounded():
    assert read_command_text(_nested(MAX_SHELL_DEPTH)).last("dtype").value == "bfloat16"
    with pytest.raises(InputError, match="no `vllm serve`"):
        read_command_text(_nested(MAX_SHELL_DEPTH + 1))


def test_shell_c_in_k8s_and_dockerfile(tmp_path):
    pod = tmp_path / "pod.yaml"
    pod.write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n  - name: c\n"
        f"    image: {IMAGE}\n    command: [nohup, bash, -lc]\n    args: ['bash -c \"{SERVE}\"']\n"
    )
    assert read_all_specs(pod)[0].last("dtype").value == "bfloat16"
    docker = tmp_path / "Dockerfile"
    docker.write_text(f'FROM {IMAGE}\nENV DT=float16\nCMD ["sh", "-ec", "bash -c \\"vllm serve M --dtype $DT\\""]\n')
    assert read_all_specs(docker)[0].last("dtype").value == "float16"
