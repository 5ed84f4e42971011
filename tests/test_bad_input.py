"""Bad input found by a newcomer's fuzzing: one clear line, exit 2 (or a finding), never a
traceback, exit 3 or a hang. The subprocess timeout is a hang detector, not a speed target."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


# --- second fuzzing pass: inputs that used to end in exit 3 "internal error" -----------------
HEADLESS = ["--profile", "qwen3-8b-w8a8s-tp1", "--host", "sim:300i-duo-96g:1"]


def fake_vllm(tmp_path):
    """A --vllm-bin that exits at once: a real run that got past validation starts nothing heavy."""
    exe = tmp_path / "vllm"
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    return str(exe)


@pytest.mark.parametrize(
    "option, text",
    [
        ("--profile", "model: x\n\x07: 1\n"),
        ("--vllm-config", "model: x\n\x07: 1\n"),
        ("--command-file", "services:\n  vllm:\n    command: vllm serve x\n    \x07: 1\n"),
    ],
)
def test_control_character_in_yaml(tmp_path, option, text):
    path = tmp_path / "in.yaml"
    path.write_bytes(text.encode())
    args = [option, str(path)] + ([] if option == "--profile" else SIM)
    one_line_exit_2(duowiz("check", *args), "control character #x0007 on line")


@pytest.mark.parametrize("option", ["--vllm-config", "--command-file"])
@pytest.mark.parametrize("blob", [bytes(range(256)) * 40, bytes((i * 7919 + 13) % 256 for i in range(4000))])
def test_binary_launch_files_are_not_text(tmp_path, option, blob):
    """Not "unbalanced backtick on line 13": the same answer --profile gives."""
    path = tmp_path / "blob.bin"
    path.write_bytes(blob)
    one_line_exit_2(duowiz("check", *SIM, option, str(path)), "not a text file")


def test_utf16_launch_file_says_so(tmp_path):
    path = tmp_path / "run.sh"
    path.write_bytes("vllm serve Qwen/Qwen3-8B\n".encode("utf-16"))
    one_line_exit_2(duowiz("check", *SIM, "--command-file", str(path)), "UTF-16")


@pytest.mark.parametrize(
    "flag, value",
    [
        ("--compilation-config", "[" * 50_000),
        ("--additional-config", '{"a":' * 20_000 + "1" + "}" * 20_000),
        ("--compilation-config", '{"a":' * 40 + "1" + "}" * 40),  # parses, but deeper than any config
        ("--compilation-config.sizes", "[" * 50_000),
    ],
)
def test_deeply_nested_json_flag_is_a_finding(tmp_path, flag, value):
    script = tmp_path / "run.sh"
    script.write_text(f"vllm serve Qwen/Qwen3-8B --max-model-len 4096 {flag} '{value}'\n")
    out = duowiz("check", "--json", *SIM, "--command-file", str(script))
    assert out.returncode == 1, out.stderr
    bad = [f for f in json.loads(out.stdout)["findings"] if f["code"] == "invalid-flag-value"]
    assert bad and flag in bad[0]["message"] and "nested too deeply" in bad[0]["message"]


@pytest.mark.parametrize("option", ["--compilation-config", "--set"])
def test_deeply_nested_json_override_is_exit_2(option):
    value = "[" * 50_000 if option != "--set" else "compilation_config=" + "[" * 50_000
    one_line_exit_2(duowiz(*HEADLESS, "--dry-run", option, value), "nested too deeply")


def test_huge_model_name_is_a_hub_id_not_a_crash():
    out = duowiz("check", *SIM, "--", "vllm", "serve", "a" * 100_000, "--max-model-len", "4096")
    assert out.returncode in (0, 1), out.stderr
    assert out.stderr == "" and len(out.stdout) < 20_000, (len(out.stderr), len(out.stdout))
    assert "characters cut" in out.stdout


def test_long_names_in_errors_are_shortened():
    out = duowiz("check", *SIM, "--profile", "p" * 100_000)
    one_line_exit_2(out, "no profile named")
    assert len(out.stderr) < 1000


def test_model_folder_probe_errors_mean_not_a_folder(tmp_path):
    from wizard.assemble import is_local_folder, model_facts
    from wizard.facts.weights import scan_weights

    for name in ("a" * 5000, "x/" * 3000, "bad\0name", "~no-such-user-duowiz/m"):
        assert not is_local_folder(name)
        model_facts(name)  # the catalog, not an OSError
        assert scan_weights(name).inferred_from_name
    assert is_local_folder(str(tmp_path))


@pytest.mark.parametrize("dry_run", [False, True])
@pytest.mark.parametrize("where", ["file", "under-a-file"])
def test_log_dir_that_is_a_file(tmp_path, dry_run, where):
    """Refused before anything runs, the same way in a dry run and a real one."""
    blocker = tmp_path / "logs"
    blocker.write_text("not a folder\n")
    log_dir = blocker if where == "file" else blocker / "sub"
    args = [*HEADLESS, "--log-dir", str(log_dir), "--yes", "--force", "--vllm-bin", fake_vllm(tmp_path)]
    out = duowiz(*args, *(["--dry-run"] if dry_run else []))
    one_line_exit_2(out, "--log-dir")
    assert "not a folder" in out.stderr and "starting:" not in out.stdout


def test_supervisor_refuses_an_unwritable_log_before_starting(tmp_path):
    from runtime.supervisor import Supervisor
    from wizard.findings import InputError

    (tmp_path / "logs").write_text("")
    sup = Supervisor([sys.executable, "-c", "pass"], {}, "http://127.0.0.1:9", tmp_path / "logs" / "serve.log")
    with pytest.raises(InputError, match="cannot write the server log"):
        sup.start()
    assert sup.proc is None  # nothing was started, so nothing is orphaned


def test_command_file_that_is_binary_is_not_text(tmp_path):
    path = tmp_path / "run.sh"
    path.write_bytes(b"vllm serve x `\n" + bytes(range(256)) * 8)
    one_line_exit_2(duowiz("check", *SIM, "--command-file", str(path)), "not a text file")


@pytest.mark.parametrize("kind", ["host file", "npu-smi capture"])
def test_oversized_files_are_described_by_their_kind(tmp_path, kind):
    big = tmp_path / "big.txt"
    big.write_text("x" * (5 * 1024 * 1024))
    if kind == "host file":
        out = duowiz("check", "--host", str(big), "--", "vllm", "serve", "x")
    else:
        out = duowiz("detect", "--npu-smi-output", str(big))
    one_line_exit_2(out, f"{kind} {big} is 5.0 MiB")
    assert "launch configuration" not in out.stderr and f"{kind}s are a few KB" in out.stderr


@pytest.mark.parametrize(
    "doc, words",
    [
        ('"just a string"', "must hold a mapping"),
        ("[1, 2]", "must hold a mapping"),
        ('{"chips": "abc"}', "`chips` must be a list"),
        ('{"chips": [1]}', "chips[0] must be a mapping"),
        ('{"chips": {"a": 1}}', "`chips` must be a list"),
        ('{"chips": [{"logic_id": 0, "memory_total_mb": "lots"}]}', "chips[0].memory_total_mb must be a whole number"),
        ('{"chips": [{"logic_id": 0.5, "memory_total_mb": 44280}]}', "chips[0].logic_id must be a whole number"),
        ('{"chips": [{"logic_id": 0, "memory_total_mb": 1e400}]}', "chips[0].memory_total_mb must be a whole number"),
        ('{"chips": [{"memory_total_mb": 44280}]}', "chips[0] has no `logic_id`"),
        ('{"chips": [{"logic_id": 0, "memory_total_mb": 44280}], "cards": [{"npu_id": "x"}]}', "cards[0].npu_id"),
        ('{"chips": [{"logic_id": 0, "memory_total_mb": 44280}], "cards": [{"npu_id": 0, "logic_ids": 5}]}',
         "cards[0].logic_ids must be a list"),
        ('{"sim": 5}', "`sim` must be text"),
        ('{"sim": "300i-duo-96g:1", "chip_used_mb": "x"}', "`chip_used_mb` must be a list"),
        ('{"sim": "300i-duo-96g:1", "chip_used_mb": ["x"]}', "chip_used_mb[0] must be a whole number"),
        ('{"sim": "300i-duo-96g:1", "image": [1]}', "`image` must be text"),
        ('{"sim": "300i-duo-96g:1", "extra": 5}', "`extra` must be a mapping"),
        ('{"npu_smi": 5}', "`npu_smi` must be the path of a capture"),
        ('{"sim": ' + "[" * 50_000, "nested too deeply"),
        ('{"sim": "300i-duo-96g:1", "chip_used_mb": [' + "1" * 5000 + "]}", "thousands of digits"),
    ],
)
def test_host_file_of_the_wrong_shape_names_the_field(tmp_path, doc, words):
    path = tmp_path / "host.json"
    path.write_text(doc)
    out = duowiz("check", "--host", str(path), "--", "vllm", "serve", "Qwen/Qwen3-8B")
    one_line_exit_2(out, words)
    assert "object has no attribute" not in out.stderr and "invalid literal" not in out.stderr


@pytest.mark.parametrize("text", ["max-model-len: " + "1" * 5000, "when: 2024-13-01", "a: " + "[" * 5000])
def test_yaml_values_python_refuses(tmp_path, text):
    path = tmp_path / "serve.yaml"
    path.write_text("model: x\n" + text + "\n")
    one_line_exit_2(duowiz("check", *SIM, "--vllm-config", str(path)), "serve.yaml")
    one_line_exit_2(duowiz("check", "--profile", str(path)), "profile")


@pytest.mark.parametrize("body", ['{"a": ' + "[" * 50_000, '{"num_hidden_layers": ' + "1" * 5000 + "}"])
def test_unreadable_config_json_is_a_finding(tmp_path, body):
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text(body)
    out = duowiz("check", "--json", *SIM, "--", "vllm", "serve", str(model), "--max-model-len", "4096")
    assert out.returncode in (0, 1), out.stderr
    facts = [f for f in json.loads(out.stdout)["findings"] if f["code"] == "model-facts-unavailable"]
    assert facts and "config.json" in facts[0]["message"]


def test_compress_output_that_is_a_file(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    target = tmp_path / "out"
    target.write_text("my notes\n")
    out = duowiz("compress", "--model", str(src), "--tp", "1", "--output", str(target))
    assert out.returncode == 2, out.stdout + out.stderr
    assert "exists and is a file" in out.stdout and "rm " not in out.stdout
    assert target.read_text() == "my notes\n"


def test_compress_missing_source_or_bad_arguments_are_exit_2(tmp_path):
    out = duowiz("compress", "--model", str(tmp_path / "missing"), "--tp", "1", "--output", str(tmp_path / "out"))
    assert out.returncode == 2 and "compress-source-missing" in out.stdout, out.stdout + out.stderr
    out = duowiz("compress", "--model", "a" * 5000, "--tp", "1", "--output", str(tmp_path / "out"))
    assert out.returncode == 2 and "compress-bad-input" in out.stdout and "Traceback" not in out.stderr
    (tmp_path / "logs").write_text("")
    one_line_exit_2(duowiz("compress", "--model", str(tmp_path), "--tp", "1", "--output", str(tmp_path / "o"),
                           "--log-dir", str(tmp_path / "logs")), "--log-dir")


def test_compress_refusals_by_this_machine_stay_exit_1():
    from runtime.cli_compress import refusal_exit_code
    from runtime.compress_plan import CompressJob
    from wizard.findings import error

    def job(*codes):
        j = CompressJob(Path("/src"), Path("/out"), 1)
        j.findings = [error(c, "x") for c in codes]
        return j

    assert refusal_exit_code(job("msmodelslim-missing", "compress-ram-insufficient"), script_given=False) == 1
    assert refusal_exit_code(job("compress-script-missing"), script_given=False) == 1
    assert refusal_exit_code(job("compress-script-missing"), script_given=True) == 2
    assert refusal_exit_code(job("msmodelslim-missing", "compress-source-missing"), script_given=False) == 2


@pytest.mark.parametrize("text,words", [
    ("name: a\nmodel: x\nmodel: y\nserve: {}\n", "key 'model' is given twice at line 3"),
    ("model: x\nserve: {}\n---\nmodel: y\n", "holds 2 YAML documents"),
])
def test_profile_keys_given_twice_or_a_second_document(tmp_path, text, words):
    """'the last one wins' / 'the first document wins' would silently run another plan."""
    path = tmp_path / "p.yaml"
    path.write_text(text)
    one_line_exit_2(duowiz("check", "--host", "sim:300i-duo-96g:1", "--profile", str(path)), words)


def test_host_file_with_a_key_given_twice(tmp_path):
    path = tmp_path / "h.yaml"
    path.write_text("sim: 300i-duo-96g:1\nsim: 300i-duo-96g:2\n")
    one_line_exit_2(duowiz("check", "--host", str(path), "--", "vllm", "serve", "Qwen/Qwen3-8B"), "given twice")


def test_merge_keys_may_still_be_overridden(tmp_path):
    path = tmp_path / "h.yaml"
    path.write_text("sim: 300i-duo-96g:1\nenv:\n  <<: {A: '1'}\n  A: '2'\n")
    out = duowiz("check", "--json", "--host", str(path), "--", "vllm", "serve", "Qwen/Qwen3-8B", "--max-model-len", "4096")
    assert out.returncode in (0, 1) and "given twice" not in out.stderr, out.stderr
    assert json.loads(out.stdout)["findings"] is not None  # the host file was read and checked


@pytest.mark.parametrize("option", ["--command-file", "--profile", "--host"])
def test_a_yaml_of_two_million_nodes_is_refused_not_composed(tmp_path, option):
    """Under the 4 MiB cap, the pure-Python composer took over a minute and a GB on this."""
    path = tmp_path / "big.yaml"
    path.write_text("[" + ",".join(["1"] * 1_900_000) + "]")
    argv = ["check", option, str(path)]
    if option != "--host":
        argv[1:1] = ["--host", "sim:300i-duo-96g:1"]
    else:
        argv += ["--", "vllm", "serve", "Qwen/Qwen3-8B"]
    one_line_exit_2(duowiz(*argv), "more than 200000 YAML nodes")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("run.sh", "A=xxxxxxxxxxxxxxxx\n" + "A=$A$A\n" * 40 + "vllm serve Qwen/Qwen3-8B --dtype float16 --max-model-len 8192\n"),
        ("Dockerfile", "FROM quay.io/ascend/vllm-ascend:v0.18.0-310p\nENV A=xxxxxxxxxxxxxxxx\n" + "ENV A=$A$A\n" * 40
         + 'CMD ["vllm", "serve", "Qwen/Qwen3-8B"]\n'),
        ("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n  - name: c\n"
         "    image: i\n    command: [vllm, serve, Qwen/Qwen3-8B]\n    env:\n"
         + '    - {name: X, value: "xx"}\n' + '    - {name: X, value: "$(X)$(X)"}\n' * 40),
    ],
)
def test_self_doubling_variables_are_refused_not_expanded(tmp_path, name, text):
    """700 bytes of input once grew to 12 GB of text."""
    path = tmp_path / name
    path.write_text(text)
    one_line_exit_2(duowiz("check", "--host", "sim:300i-duo-96g:1", "--command-file", str(path)), "self-doubling")
