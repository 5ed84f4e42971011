"""Unit behaviour of the launch reader: flag spellings, shell rules, docker flags, YAML forms,
and bad input (always an InputError one-liner, never a traceback)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from tests.conftest import shared_dir
from wizard.findings import InputError
from wizard.launch import flags
from wizard.launch.options import serve_options
from wizard.launch.reader import (
    read_all_specs,
    read_command_file,
    read_command_line,
    read_command_text,
    read_vllm_config,
)


def codes(spec) -> set[str]:
    return {i.code for i in spec.issues}


# --- flag table -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "spelling, dest",
    [
        ("--max-model-len", "max_model_len"),
        ("--max_model_len", "max_model_len"),
        ("--max-model-len=4096", "max_model_len"),
        ("--no-enable-prefix-caching", "enable_prefix_caching"),
        ("--no_enable_prefix_caching", "enable_prefix_caching"),
        ("-tp", "tensor_parallel_size"),
        ("-tp=8", "tensor_parallel_size"),
        ("-asc", "api_server_count"),
        ("-q", "quantization"),
        ("-O3", "optimization_level"),
        ("-cc.cudagraph_mode=FULL", "compilation_config"),
        ("--compilation-config.cudagraph_mode", "compilation_config"),
        ("--compilation_config.cudagraph_capture_sizes+", "compilation_config"),
        ("--max-model", "max_model_len"),  # argparse accepts an unambiguous prefix
    ],
)
def test_resolve_spellings(spelling, dest):
    assert flags.resolve(spelling).dest == dest


@pytest.mark.parametrize("spelling", ["--max-thinking-tokens", "---max-num-batched-tokens", "-tp_", "--",
                                      "--max", "model", "-x"])
def test_unknown_spellings(spelling):
    assert flags.resolve(spelling) is None


def test_value_kinds():
    assert flags.resolve("--enforce-eager").is_switch
    assert flags.resolve("--max-model-len").takes_value
    assert flags.resolve("--served-model-name").multi
    assert flags.resolve("--compilation-config").is_json
    assert flags.resolve("--speculative-config").is_json
    assert flags.suggest("---max-num-batched-tokens") == "--max-num-batched-tokens"
    assert flags.suggest("--max-num-batched-token") == "--max-num-batched-tokens"
    assert flags.suggest("--rope-scaling") == "--hf-overrides"


# --- vLLM argument walk -------------------------------------------------------------------
def test_flag_forms_and_values():
    spec = read_command_line(
        ["vllm", "serve", "/m", "--max-model-len=16384", "--gpu_memory_utilization", "0.9", "-tp=8",
         "--enforce-eager", "--no-enable-prefix-caching", "--served-model-name", "a", "b", "--port", "8001"]
    )
    assert spec.model == "/m"
    opts = serve_options(spec)
    assert (opts.max_model_len, opts.gpu_memory_utilization, opts.tensor_parallel_size) == (16384, 0.9, 8)
    assert opts.enforce_eager is True and opts.enable_prefix_caching is False
    assert spec.last("served_model_name").value == "a b"
    assert opts.port == 8001
    assert [u.spelling for u in spec.flags][:3] == ["--max-model-len", "--gpu_memory_utilization", "-tp"]
    assert spec.argv[0] == "/m"


def test_json_values_kept_raw():
    raw = '{"cudagraph_mode": "FULL_DECODE_ONLY", "cudagraph_capture_sizes": [1, 2]}'
    spec = read_command_text(f"vllm serve m --compilation-config '{raw}' --additional-config='{{\"a\": 1}}'")
    assert spec.last("compilation_config").value == raw
    assert spec.last("additional_config").value == '{"a": 1}'
    assert serve_options(spec).capture_sizes == [1, 2]


def test_dotted_json_flags():
    spec = read_command_line(["vllm", "serve", "m", "--compilation-config", '{"mode": 0}',
                              "-cc.cudagraph_mode=FULL_DECODE_ONLY", "--compilation-config.cudagraph_capture_sizes",
                              "[4, 8]", "--additional-config.ascend_compilation_config.fuse_norm_quant", "false"])
    assert all(u.dest for u in spec.flags)
    opts = serve_options(spec)
    # vLLM passes the folded dotted object last, replacing the earlier JSON entirely
    assert opts.compilation_config == {"cudagraph_mode": "FULL_DECODE_ONLY", "cudagraph_capture_sizes": [4, 8]}
    assert opts.ascend_compilation() == {"fuse_norm_quant": False}
    assert not opts.invalid


def test_optimization_level_forms():
    for argv in (["-O3"], ["-O", "3"], ["-O=3"], ["--optimization-level", "3"]):
        spec = read_command_line(["vllm", "serve", "m", *argv])
        assert spec.last("optimization_level").value == "3", argv


def test_model_from_model_flag_and_api_server():
    spec = read_command_line(["vllm", "serve", "--model=/models/x", "--port", "8000"])
    assert spec.model == "/models/x"
    api = read_command_line(["python3", "-m", "vllm.entrypoints.openai.api_server", "--model", "/m", "-tp", "2"])
    assert (api.entrypoint, api.model, serve_options(api).tensor_parallel_size) == ("api_server", "/m", 2)


def test_unknown_flag_takes_its_value_and_suggests():
    spec = read_command_line(["vllm", "serve", "m", "---max-num-batched-tokens", "2000", "--enforce-eager"])
    unknown = spec.flags[0]
    assert (unknown.dest, unknown.value, unknown.suggestion) == (None, "2000", "--max-num-batched-tokens")
    assert spec.flags[1].dest == "enforce_eager"


def test_missing_value_and_duplicates():
    spec = read_command_line(["vllm", "serve", "m", "--dtype", "float16", "--dtype", "bfloat16", "--max-model-len"])
    assert {"flag-value-missing", "duplicate-flag"} <= codes(spec)
    dup = next(i for i in spec.issues if i.code == "duplicate-flag")
    assert "bfloat16" in dup.message.split("last one:")[1]
    same = read_command_line(["vllm", "serve", "m", "--dtype", "float16", "--dtype", "float16"])
    assert "duplicate-flag" not in codes(same)
    followed = read_command_line(["vllm", "serve", "m", "--max-model-len", "--enforce-eager"])
    assert "flag-value-missing" in codes(followed) and followed.last("enforce_eager")


def test_negative_number_is_a_value():
    spec = read_command_line(["vllm", "serve", "m", "--max-model-len", "-1"])
    assert spec.last("max_model_len").value == "-1"


# --- shell rules ----------------------------------------------------------------------------
def test_env_prefix_exports_and_expansion():
    text = """#!/bin/bash
export A=1
B=local
TP=4
export PYTORCH_NPU_ALLOC_CONF=x
export PYTORCH_NPU_ALLOC_CONF=y   # second wins
unset A
MODEL_DIR=/models ; C=2 VLLM_USE_V1=1 vllm serve ${MODEL_DIR}/q --tensor-parallel-size $TP --port "$PORT" > log 2>&1 &
"""
    spec = read_command_text(text)
    assert spec.model == "/models/q"
    assert spec.env == {"PYTORCH_NPU_ALLOC_CONF": "y", "C": "2", "VLLM_USE_V1": "1"}
    assert serve_options(spec).tensor_parallel_size == 4
    assert spec.last("port").value == "$PORT"  # unknown variables stay as written


def test_continuations_without_space_and_trailing_backslash():
    spec = read_command_text("vllm serve m \\\n  --tensor-parallel-size 2\\\n  --enforce-eager \\")
    assert serve_options(spec).tensor_parallel_size == 2 and spec.has("enforce_eager")
    assert not spec.issues


def test_broken_continuation_cuts_later_flags():
    spec = read_command_text("vllm serve m \\\n  --dtype float16 \\ \n  --max-model-len 4096 \\\n  --enforce-eager\n")
    assert "shell-continuation-broken" in codes(spec)
    assert spec.has("dtype") and not spec.has("max_model_len")
    issue = next(i for i in spec.issues if i.code == "shell-continuation-broken")
    assert "line 2" in issue.message and "--max-model-len" in issue.message


def test_escaped_space_inside_a_word_is_not_a_break():
    spec = read_command_text("vllm serve /models/my\\ model --port 8000")
    assert spec.model == "/models/my model" and not spec.issues


def test_operators_pipes_and_wrappers():
    spec = read_command_text("cd /x && nohup vllm serve m --port 9000 2>&1 | tee log.txt; echo done")
    assert spec.model == "m" and serve_options(spec).port == 9000


def test_printf_devices_and_unknown_substitution():
    text = "docker run $(printf -- '--device /dev/davinci%d ' {0..1}) -e LOG=$(date +%s) img vllm serve m"
    spec = read_command_text(text)
    assert spec.devices == ["/dev/davinci0", "/dev/davinci1"]
    assert spec.env["LOG"] == "$(date +%s)"


def test_heredoc_is_skipped():
    text = "cat > cfg <<'EOF'\nvllm serve wrong\nEOF\nvllm serve right --port 8000\n"
    assert read_command_text(text).model == "right"


# --- docker ---------------------------------------------------------------------------------
def test_docker_flags():
    spec = read_command_line(
        ["docker", "run", "-itd", "--rm", "--name=x", "--shm-size", "10g", "-e", "A=1", "--env=B=2",
         "--device=/dev/davinci0:/dev/davinci0", "--device", "/dev/davinci1", "-v", "/a:/a", "-p8000:8000",
         "--net=host", "--privileged", "--entrypoint", "vllm", "img:tag", "serve", "m", "-tp", "2"]
    )
    assert (spec.image, spec.name, spec.privileged, spec.docker) == ("img:tag", "x", True, True)
    assert spec.env == {"A": "1", "B": "2"}
    assert spec.devices == ["/dev/davinci0", "/dev/davinci1"]
    assert serve_options(spec).tensor_parallel_size == 2


def test_docker_bash_c_and_interactive_shell():
    spec = read_command_text("docker run -e X=1 img bash -c 'export Y=2; vllm serve m --port 8001'")
    assert (spec.image, spec.model, spec.env) == ("img", "m", {"X": "1", "Y": "2"})
    with pytest.raises(InputError, match="starts a shell"):
        read_command_text("docker run -it img bash")
    later = read_command_text("docker run -it -e X=1 img bash\nexport Z=3\nvllm serve m\n")
    assert (later.image, later.env) == ("img", {"X": "1", "Z": "3"})


# --- YAML forms -------------------------------------------------------------------------------
def test_vllm_config_with_extra_argv(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("model: /from/file\ntensor_parallel_size: 2\nenable-prefix-caching: false\n"
                   "compilation-config:\n  cudagraph_mode: FULL_DECODE_ONLY\nenforce_eager: false\n")
    spec = read_vllm_config(cfg, ["vllm", "serve", "/from/cli", "-tp", "4"])
    opts = serve_options(spec)
    assert (spec.model, opts.tensor_parallel_size, opts.enable_prefix_caching) == ("/from/cli", 4, False)
    assert opts.cudagraph_mode == "FULL_DECODE_ONLY"
    assert any("enforce_eager: false" in n for n in spec.notes)  # vLLM drops it: no --no-enforce_eager
    assert read_vllm_config(cfg).model == "/from/file"


def test_compose_string_command_and_env_list(tmp_path):
    compose = tmp_path / "docker-compose.yml"
    compose.write_text(
        "services:\n  a:\n    image: img\n    environment: [X=1]\n"
        "    command: vllm serve m --max-model-len 8192 --dtype float16\n"
        "  web:\n    image: nginx\n"
    )
    spec = read_command_file(compose)
    assert (spec.source, spec.image, spec.env, serve_options(spec).max_model_len) == ("compose", "img", {"X": "1"}, 8192)


def test_k8s_shell_args(tmp_path):
    manifest = tmp_path / "k.yaml"
    manifest.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Pod",
        "spec": {"containers": [{"name": "v", "image": "img", "command": ["/bin/sh", "-c"],
                                 "args": ["vllm serve m --tensor-parallel-size 2"],
                                 "env": [{"name": "A", "value": "1"}]}]},
    }))
    spec = read_command_file(manifest)
    assert (spec.source, spec.image, spec.env, serve_options(spec).tensor_parallel_size) == ("k8s", "img", {"A": "1"}, 2)


def test_script_without_extension_is_sniffed(tmp_path):
    script = tmp_path / "start"
    script.write_text("export A=1\nvllm serve m\n")
    assert read_command_file(script).env == {"A": "1"}
    assert len(read_all_specs(script)) == 1


# --- case files -------------------------------------------------------------------------------
CASES = sorted((shared_dir() / "cases").glob("*.yaml"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_commands_parse_without_unknown_flags(path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec = read_command_text(case["command"])
    assert spec.model
    assert [u.spelling for u in spec.flags if u.dest is None] == []
    assert not {"flag-value-missing", "unexpected-argument", "shell-continuation-broken"} & codes(spec)
    opts = serve_options(spec)
    assert not opts.invalid
    json.dumps([u.__dict__ for u in spec.flags])  # plain data, serialisable for --json output


# --- bad input --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("# only a comment\n# another\n", "no `vllm serve`"),
        ("vllm serve 'unterminated", "unbalanced single quote"),
        ('vllm serve "unterminated', "unbalanced double quote"),
        ("vllm serve $(printf x", "unbalanced"),
        ("echo hello", "no `vllm serve`"),
        ("vllm", "no `vllm serve`"),
    ],
)
def test_bad_text_is_a_one_line_input_error(text, message):
    with pytest.raises(InputError, match=message) as info:
        read_command_text(text)
    assert "\n" not in str(info.value)


def test_bad_files_and_lines(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_command_file(tmp_path / "missing.sh")
    broken = tmp_path / "bad.yaml"
    broken.write_text("services: [unclosed\n")
    with pytest.raises(InputError, match="not valid YAML"):
        read_command_file(broken)
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(InputError):
        read_command_file(empty)
    with pytest.raises(InputError):
        read_command_line([])
    with pytest.raises(InputError):
        read_command_line(["ls", "-l"])
    assert read_command_line(["vllm serve m --port 8000"]).model == "m"  # one quoted string


def test_reader_import_is_light():
    probe = (
        "import sys, wizard.launch.reader as r\n"
        "r.read_command_text('vllm serve m --tensor-parallel-size 2')\n"
        "print(' '.join(m for m in ('yaml', 'pydantic', 'textual') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_config_flag_is_expanded_when_the_file_is_here(tmp_path, monkeypatch):
    (tmp_path / "cfg.yaml").write_text("max-model-len: 8192\ntensor-parallel-size: 2\n")
    monkeypatch.chdir(tmp_path)
    spec = read_command_line(["vllm", "serve", "m", "--config", "cfg.yaml", "-tp", "4"])
    opts = serve_options(spec)
    assert (spec.model, opts.max_model_len, opts.tensor_parallel_size) == ("m", 8192, 4)
    script = tmp_path / "run.sh"
    script.write_text("vllm serve m --config=cfg.yaml\n")
    monkeypatch.chdir("/")
    assert serve_options(read_command_file(script)).max_model_len == 8192
    missing = read_command_line(["vllm", "serve", "m", "--config", "nowhere.yaml"])
    assert any("not on this machine" in n for n in missing.notes)


def test_yaml_that_is_no_launch_input(tmp_path):
    other = tmp_path / "host.yaml"
    other.write_text("sim: 300i-duo-96g:2\nversions: {cann: 9.0.0}\n")
    with pytest.raises(InputError, match="none of its keys"):
        read_command_file(other)


def test_byte_order_mark_and_crlf(tmp_path):
    script = tmp_path / "win.sh"
    script.write_bytes("\ufeffexport A=1\r\nvllm serve m \\\r\n  --port 8000\r\n".encode())
    spec = read_command_file(script)
    assert (spec.model, spec.env, serve_options(spec).port) == ("m", {"A": "1"}, 8000)


def test_unknown_flag_with_equals_keeps_name_and_value_apart():
    spec = read_command_line(["vllm", "serve", "m", "--max_thinking_tokens=2048"])
    assert (spec.flags[0].spelling, spec.flags[0].value, spec.flags[0].dest) == ("--max_thinking_tokens", "2048", None)


def test_docker_exec_into_a_named_container():
    text = ("docker run -d --name srv -e A=1 --device /dev/davinci0 img:310p sleep infinity\n"
            "docker exec -it -e B=2 srv vllm serve m --port 8000\n")
    spec = read_command_text(text)
    assert (spec.image, spec.env, spec.devices) == ("img:310p", {"A": "1", "B": "2"}, ["/dev/davinci0"])
    alone = read_command_text("docker exec -it other vllm serve m")
    assert alone.docker and alone.image is None and alone.name == "other"


def test_unrelated_container_is_not_merged_into_a_host_serve_line():
    spec = read_command_text("docker run -d -p 80:80 nginx nginx -g 'daemon off;'\nvllm serve m\n")
    assert not spec.docker and spec.image is None


def test_compose_ports_and_host_network_are_read(tmp_path):
    from wizard.launch.reader import read_all_specs

    path = tmp_path / "compose.yaml"
    path.write_text(
        "services:\n"
        "  a:\n    image: i:v0.18.0-310p\n    ports: ['8000:8000', {target: 9000, published: 9001, host_ip: 127.0.0.1}]\n"
        "    command: [vllm, serve, m]\n"
        "  b:\n    image: i:v0.18.0-310p\n    network_mode: host\n    command: [vllm, serve, m]\n"
    )
    a, b = read_all_specs(path)
    assert a.publish == ["8000:8000", "127.0.0.1:9001:9000"] and not a.network_host
    assert b.network_host


def test_docker_net_alias_means_host_network():
    from wizard.launch.reader import read_command_line

    spec = read_command_line(["docker", "run", "--net", "host", "img", "vllm", "serve", "m"])
    assert spec.network_host


def test_docker_exec_as_argv_reads_like_the_quoted_line():
    from wizard.launch.reader import read_command_line

    argv = ["docker", "exec", "c1", "vllm", "serve", "Qwen/Qwen3-8B", "--max-model-len", "8192"]
    spec = read_command_line(argv)
    assert spec.docker and spec.model == "Qwen/Qwen3-8B" and not spec.devices_known
    assert read_command_line([" ".join(argv)]).model == spec.model
