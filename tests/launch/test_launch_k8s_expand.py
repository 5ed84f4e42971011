"""Kubernetes `$(VAR)` in a container's command / args / env values, expanded as the kubelet does
from the container's literal `value:` entries; valueFrom / envFrom references stay placeholders."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import shared_dir
from wizard.assemble import build_plan
from wizard.check import check_plan
from wizard.host.sim import simulated_host
from wizard.launch.k8s_expand import expand
from wizard.launch.options import serve_options
from wizard.launch.reader import read_command_file


def manifest(tmp_path, container: dict, **extra):
    path = tmp_path / "deploy.yaml"
    container = {"name": "vllm", "image": "quay.io/ascend/vllm-ascend:v0.18.0-310p", **container}
    path.write_text(yaml.safe_dump({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "spec": {"template": {"spec": {"containers": [container], **extra}}},
    }))
    return read_command_file(path)


@pytest.mark.parametrize(
    "text, out, left",
    [
        ("$(A)", "1", []),
        ("x-$(A)-$(A)", "x-1-1", []),
        ("$$(A)", "$(A)", []),  # escaped: the program gets the reference as text
        ("$$$(A)", "$1", []),
        ("$(B)", "$(B)", ["B"]),  # undefined: left as written
        ("$(B)$(C)$(B)", "$(B)$(C)$(B)", ["B", "C"]),
        ("$A ${A} $", "$A ${A} $", []),  # not kubernetes syntax
        ("$(A", "$(A", []),  # incomplete reference
        ("$$HOME", "$HOME", []),
    ],
)
def test_expand_like_the_kubelet(text, out, left):
    assert expand(text, {"A": "1"}) == (out, left)


def test_the_brief_example_reads_the_env_value(tmp_path):
    spec = manifest(tmp_path, {
        "command": ["vllm", "serve"],
        "args": ["Qwen/Qwen3-8B", "--max-model-len", "$(MAX_LEN)", "--dtype", "float16"],
        "env": [{"name": "MAX_LEN", "value": "65536"}],
    })
    opts = serve_options(spec)
    assert (opts.max_model_len, opts.invalid, opts.unresolved) == (65536, [], [])
    assert spec.argv[spec.argv.index("--max-model-len") + 1] == "65536" and spec.env == {"MAX_LEN": "65536"}


def test_expanded_value_reaches_the_mask_check(tmp_path):
    spec = manifest(tmp_path, {
        "command": ["vllm", "serve", "Qwen/Qwen3-8B"],
        "args": ["--max-model-len=$(LEN)", "--tensor-parallel-size", "$(TP)", "--dtype", "float16"],
        "env": [{"name": "LEN", "value": 32768}, {"name": "TP", "value": "1"}],
    })
    codes = check_plan(build_plan(spec, simulated_host("300i-duo-96g:1"), env={})).codes
    assert "invalid-flag-value" not in codes and "mask-exceeds-memory" in codes


def test_env_values_refer_to_entries_above_only(tmp_path):
    spec = manifest(tmp_path, {
        "command": ["vllm", "serve", "m"],
        "args": ["--port", "$(PORT)"],
        "env": [{"name": "BASE", "value": "80"}, {"name": "PORT", "value": "$(BASE)$(LATER)"},
                {"name": "LATER", "value": "00"}, {"name": "EMPTY"}],
    })
    # LATER is defined below PORT: the kubelet leaves $(LATER) in PORT as written
    assert spec.env == {"BASE": "80", "PORT": "80$(LATER)", "LATER": "00", "EMPTY": ""}
    assert serve_options(spec).invalid == [("--port", "80$(LATER)", "expected a whole number")]


def test_value_from_and_env_from_are_placeholders(tmp_path):
    spec = manifest(tmp_path, {
        "command": ["vllm", "serve", "Qwen/Qwen3-8B"],
        "args": ["--max-model-len", "$(MAX_LEN)", "--tensor-parallel-size", "$(TP)", "--port", "$(PORT)",
                 "--dtype", "float16"],
        "env": [{"name": "MAX_LEN", "valueFrom": {"configMapKeyRef": {"name": "vllm", "key": "len"}}},
                {"name": "PORT", "value": "$(SECRET_PORT)"},
                {"name": "SECRET_PORT", "valueFrom": {"secretKeyRef": {"name": "s", "key": "port"}}}],
    })
    opts = serve_options(spec)
    # PORT's value refers to SECRET_PORT, defined only below it: left as written, so a literal
    assert opts.unresolved == [("--max-model-len", "$(MAX_LEN)")]
    assert {i[0] for i in opts.invalid} == {"--port", "--tensor-parallel-size"}
    assert any("$(TP) is not in the container's env" in n for n in spec.notes)
    report = check_plan(build_plan(spec, simulated_host("300i-duo-96g:1"), env={}))
    assert "placeholder-unresolved" in report.codes
    assert "MAX_LEN" not in spec.env  # a valueFrom value is not known here

    spec = manifest(tmp_path, {
        "command": ["vllm", "serve", "m"], "args": ["--tensor-parallel-size", "$(TP)"],
        "envFrom": [{"configMapRef": {"name": "vllm-env"}}],
    })
    assert serve_options(spec).unresolved == [("--tensor-parallel-size", "$(TP)")] and not serve_options(spec).invalid


def test_escaped_and_undefined_references_reach_vllm_as_text(tmp_path):
    spec = manifest(tmp_path, {
        "command": ["vllm", "serve", "m"],
        "args": ["--max-model-len", "$$(LEN)", "--port", "$(NOPE)"],
        "env": [{"name": "LEN", "value": "4096"}],
    })
    assert spec.argv == ["m", "--max-model-len", "$(LEN)", "--port", "$(NOPE)"]
    assert {i[0] for i in serve_options(spec).invalid} == {"--max-model-len", "--port"}  # vLLM rejects both
    assert [n for n in spec.notes if "not in the container's env" in n] == [
        "$(NOPE) is not in the container's env: Kubernetes passes it to the program as written"
    ]


def test_shell_args_are_expanded_before_the_shell_and_see_the_env(tmp_path):
    spec = manifest(tmp_path, {
        "command": ["/bin/sh", "-c"],
        "args": ["vllm serve $(MODEL) --max-model-len $(LEN) --tensor-parallel-size $TP --port $$PORT"],
        "env": [{"name": "MODEL", "value": "/models/q"}, {"name": "LEN", "value": "8192"},
                {"name": "TP", "value": "2"}, {"name": "PORT", "value": "8100"}],
    })
    opts = serve_options(spec)
    assert (spec.model, opts.max_model_len, opts.tensor_parallel_size, opts.port) == ("/models/q", 8192, 2, 8100)


def test_corpus_k8s_manifests_have_no_references_to_expand():
    """The shared k8s examples read as before: nothing in them is a `$(VAR)` or `$$`."""
    files = [p for p in (shared_dir() / "commands").glob("*.yaml") if "k8s" in p.name]
    assert files
    for path in files:
        assert "$(" not in path.read_text() and "$$" not in path.read_text()
        assert read_command_file(path).source == "k8s"


def test_shell_command_substitution_is_left_to_the_shell(tmp_path):
    spec = manifest(tmp_path, {
        "command": ["bash", "-c"],
        "args": ["echo start $(date +%s) && vllm serve m --tensor-parallel-size $(NPUS)"],
    })
    assert [n for n in spec.notes if "container's env" in n] == [
        "$(NPUS) is not in the container's env: Kubernetes passes it to the program as written "
        "(the shell then runs `NPUS` as a command)"
    ]
