"""Launch readers stay linear in their input: variable expansion is bounded (a self-doubling
definition is an InputError, not 12 GB), and long scripts / Dockerfiles read right. How long
they take is measured by benchmarks/reader_scaling.py (speed lives in benchmarks, not tests)."""

from __future__ import annotations

import pytest

from wizard.findings import InputError
from wizard.launch.dockerfile import read_dockerfile, substitute
from wizard.launch.k8s_expand import expand
from wizard.launch.reader import read_all_specs, read_command_text
from wizard.launch.shell import MAX_VALUE_CHARS, ExpansionBudget, parse_script

SERVE = "vllm serve Qwen/Qwen3-8B --dtype float16 --max-model-len 8192"
IMAGE = "quay.io/ascend/vllm-ascend:v0.18.0-310p"


# --- 1. exponential expansion ---------------------------------------------------------------
def test_self_doubling_shell_variable_is_refused():
    text = "A=xxxxxxxxxxxxxxxx\n" + "A=$A$A\n" * 40 + SERVE + "\n"
    with pytest.raises(InputError, match="variable A expands to more than .* self-doubling"):
        read_command_text(text)


def test_self_doubling_inside_printf_substitution_is_refused():
    text = "A=xxxxxxxxxxxxxxxx\n" + 'A="$(printf %s%s $A $A)"\n' * 40 + SERVE + "\n"
    with pytest.raises(InputError, match="self-doubling"):
        parse_script(text)


def test_many_references_to_a_large_value_hit_the_total_bound():
    big = "x" * 60_000
    text = f"A={big}\n" + "echo " + " ".join(["$A"] * 200) + "\n"
    with pytest.raises(InputError, match="adds up to more than"):
        parse_script(text)


def test_ordinary_expansion_is_untouched():
    script = parse_script('M=Qwen/Qwen3-8B\nB="$M $M"\nvllm serve $M --served-model-name "$B"\n')
    assert script.commands[0].words[-1] == "Qwen/Qwen3-8B Qwen/Qwen3-8B"


def test_a_long_literal_value_is_not_refused():
    """The bound grows with the input: a long literal (a chat template) is no doubling."""
    value = "y" * (MAX_VALUE_CHARS * 2)
    script = parse_script(f"T='{value}'\nvllm serve M --chat-template \"$T\"\n")
    assert script.commands[0].words[-1] == value


def test_self_doubling_k8s_env_is_refused(tmp_path):
    env = '    - {name: X, value: "xxxxxxxxxxxxxxxx"}\n' + '    - {name: X, value: "$(X)$(X)"}\n' * 40
    path = tmp_path / "pod.yaml"
    path.write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n  - name: c\n"
        f"    image: {IMAGE}\n    command: [vllm, serve, Qwen/Qwen3-8B]\n    env:\n{env}"
    )
    with pytest.raises(InputError, match="variable X expands to more than"):
        read_all_specs(path)


def test_k8s_expand_charges_the_budget():
    budget = ExpansionBudget()
    with pytest.raises(InputError, match="variable X"):
        expand("$(X)", {"X": "x" * (MAX_VALUE_CHARS + 1)}, budget)
    assert expand("a $(X) $$(X)", {"X": "b"}) == ("a b $(X)", [])


def test_self_doubling_dockerfile_env_is_refused():
    text = f"FROM {IMAGE}\nENV A=xxxxxxxxxxxxxxxx\n" + "ENV A=$A$A\n" * 40 + f"CMD {SERVE}\n"
    with pytest.raises(InputError, match="variable A expands to more than"):
        read_dockerfile(text)


def test_self_doubling_dockerfile_arg_is_refused():
    text = f"FROM {IMAGE}\nARG A=xxxxxxxxxxxxxxxx\n" + "ARG A=${A}${A}\n" * 40 + f"CMD {SERVE}\n"
    with pytest.raises(InputError, match="self-doubling"):
        read_dockerfile(text)


# --- 2. long inputs read right (their time is measured by benchmarks/reader_scaling.py) ------
def test_many_run_pip_install_lines(tmp_path):
    path = tmp_path / "Dockerfile"
    runs = "".join(f"RUN pip install pkg{i} && echo {i}\n" for i in range(2_000))
    path.write_text(f"FROM {IMAGE}\n{runs}CMD {SERVE}\n")
    specs = read_all_specs(path)
    assert len(specs[0].pip_installs) == 2_000
    assert specs[0].pip_installs[-1].line == 2_001


def test_many_continuation_lines(tmp_path):
    path = tmp_path / "Dockerfile"
    body = "".join(f"  pkg{i} \\\n" for i in range(5_000))
    path.write_text(f"FROM {IMAGE}\nRUN pip install \\\n{body}  last\nCMD {SERVE}\n")
    assert len(read_all_specs(path)[0].pip_installs) == 5_001


def test_many_exports_and_commands():
    text = "".join(f"export V{i}=1\necho {i}\n" for i in range(1_000)) + SERVE + "\n"
    assert len(parse_script(text).commands[-1].exported) == 1_000


def test_many_escaped_spaces():
    assert len(parse_script("echo " + "a\\ " * 20_000 + "b\n").commands[0].words) == 2


def test_many_assignment_prefixes():
    assert parse_script("A=1 " * 10_000 + "echo\n").commands[0].prefix_env == {"A": "1"}


# --- 4. Dockerfile ARG defaults -------------------------------------------------------------
def test_arg_defaults_are_substituted_like_docker():
    text = f"FROM {IMAGE}\nARG DT=float16\nARG DT2=${{DT}}\nENV D=$DT2\nCMD vllm serve Qwen/Qwen3-8B --dtype $D\n"
    assert read_dockerfile(text).env["D"] == "float16"


def test_an_arg_before_from_is_only_for_from_unless_declared_again():
    text = (
        "ARG TAG=v0.18.0-310p\nARG DT=float16\nFROM quay.io/ascend/vllm-ascend:${TAG}\n"
        "ENV A=${DT:-unset}\nARG DT\nENV B=$DT\nCMD vllm serve M\n"
    )
    image = read_dockerfile(text)
    assert image.image == IMAGE
    assert image.env["A"] == "unset" and image.env["B"] == "float16"


def test_arg_does_not_carry_into_a_later_stage_env_does():
    text = f"FROM {IMAGE} AS base\nARG X=1\nENV Y=2\nFROM base\nENV Z=${{X:-none}}$Y\nCMD vllm serve M\n"
    assert read_dockerfile(text).env["Z"] == "none2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${A:-d}", "d"), ("${A-d}", ""), ("${U-d}", "d"), ("${A:+x}", ""), ("${A+x}", "x"),
        ("${B:+x}", "x"), ("${U:-${B}}", "b"), ("$B$U", "b$U"), ("\\$B", "\\$B"), ("${B", "${B"),
    ],
)
def test_substitute_forms(text, expected):
    assert substitute(text, {"A": "", "B": "b"}) == expected


# --- 5. heredoc RUN -------------------------------------------------------------------------
def test_heredoc_run_body_is_read_as_a_script():
    text = (
        f"FROM {IMAGE}\nRUN <<EOF\nset -e\npip install triton\nFROM nothing\nEOF\n"
        "RUN python3 <<'PY'\nimport os\nPY\nENV A=1\nCMD vllm serve M\n"
    )
    image = read_dockerfile(text)
    assert [(p.name, p.line) for p in image.packages] == [("triton", 4)]
    assert image.image == IMAGE and image.env == {"A": "1"}


def test_heredoc_with_bash_and_tab_stripping():
    text = f"FROM {IMAGE}\nRUN bash <<-EOS\n\tpip install triton-ascend\n\tEOS\nCMD vllm serve M\n"
    assert [p.name for p in read_dockerfile(text).packages] == ["triton-ascend"]


def test_interleaved_exports_beyond_any_launch_script_are_refused():
    """Each command keeps the exports it ran with: N exports between N commands copy N² entries."""
    text = "".join(f"export V{i}=1\necho {i}\n" for i in range(3_000)) + SERVE + "\n"
    with pytest.raises(InputError, match="too many to be a launch script"):
        parse_script(text)
