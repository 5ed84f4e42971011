"""`duowiz check` as a user runs it: a real subprocess, real exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import shared_dir
from tests.support.model_folder import build_model_folder

SEED_8B_FLAGS = [
    "--host", "127.0.0.1", "--port", "8080", "--tensor-parallel-size", "1", "--gpu_memory_utilization", "0.90",
    "--max_num_seqs", "32", "--served_model_name", "qwen", "--dtype", "float16",
    "--additional-config", '{"ascend_compilation_config": {"fuse_norm_quant": false}}',
    "--compilation-config", '{"cudagraph_mode": "FULL_DECODE_ONLY", "cudagraph_capture_sizes": [1,2,4,8,16,32]}',
    "--quantization", "ascend", "--max-model-len", "16384", "--no-enable-prefix-caching", '--load_format=sharded_state',
]


def duowiz(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, cwd=cwd, timeout=60)


@pytest.fixture
def seed_8b(tmp_path):
    return build_model_folder({"config": "Qwen3-8B", "quant": "W8A8SC", "rank_files": 1}, tmp_path / "Qwen3-8B-w8a8sc", shared_dir())


def test_seed_8b_line_gives_ok_json_with_estimate(seed_8b):
    out = duowiz("check", "--json", "--host", "sim:300i-duo-96g:1", "--", "vllm", "serve", str(seed_8b), *SEED_8B_FLAGS)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["verdict"] == "ok"
    assert doc["schema_version"] == 1
    chip = doc["estimate"]["chips"][0]
    for key in ("logic_id", "total_bytes", "weights_bytes", "activation_bytes", "kv_cache_bytes", "kv_cache_tokens", "mask_peak_bytes", "headroom_bytes"):
        assert key in chip
    assert chip["kv_cache_tokens"] > 16384
    assert doc["max_concurrency"] > 1


def test_readme_main_command_prints_the_table_and_exits_0():
    out = duowiz("check", "--profile", "qwen3-32b-w8a8sc-tp4", "--host", "sim:300i-duo-96g:2")
    assert out.returncode == 0, out.stderr
    assert "Per-chip budget" in out.stdout and "verdict:" in out.stdout
    assert out.stdout.count("\n     ") >= 4  # one row per chip of the TP4 plan


@pytest.mark.parametrize("profile", ["qwen3-8b-w8a8s-tp1", "qwen3-8b-w8a8sc-tp1", "qwen3-14b-w8a8sc-tp1", "qwen3-32b-w8a8sc-tp4"])
def test_seed_profiles_check_clean_on_a_96g_duo_host(profile):
    out = duowiz("check", "--json", "--profile", profile, "--host", "sim:300i-duo-96g:2")
    doc = json.loads(out.stdout)
    assert out.returncode == 0, [f["code"] for f in doc["findings"]]
    assert not [f for f in doc["findings"] if f["severity"] == "error"]
    assert "catalog" in doc["plan"]["model_facts"] and "name" in doc["plan"]["weights"]["origin"]


def test_errors_exit_1_and_strict_counts_warnings():
    line = ["--", "vllm", "serve", "Qwen/Qwen3-8B", "--dtype", "float16", "--max-model-len", "32768"]
    assert duowiz("check", "--host", "sim:300i-duo-96g:1", *line).returncode == 1  # mask-exceeds-memory
    warn = ["--", "vllm", "serve", "Qwen/Qwen3-8B", "--dtype", "float16", "--max-model-len", "8192", "--host", "127.0.0.1"]
    assert duowiz("check", "--host", "sim:300i-duo-96g:1", "--release", "v0.18.0", *warn).returncode == 0
    assert duowiz("check", "--host", "sim:300i-duo-96g:1", "--release", "v0.18.0", "--strict", *warn).returncode == 1


def test_ignore_drops_a_code():
    line = ["--", "vllm", "serve", "Qwen/Qwen3-8B", "--dtype", "float16", "--max-model-len", "32768"]
    out = duowiz("check", "--json", "--host", "sim:300i-duo-96g:1", "--ignore", "mask-exceeds-memory", *line)
    assert "mask-exceeds-memory" not in {f["code"] for f in json.loads(out.stdout)["findings"]}


@pytest.mark.parametrize(
    "args, words",
    [
        (["check", "--host", "sim:300i-duo-96g:1", "--profile", "/nonexistent/p.yaml"], "cannot read profile"),
        (["check", "--host", "sim:300i-duo-96g:1", "--profile", "qwen3-32b-w8a8sc-tp5"], "did you mean"),
        (["check", "--host", "/nonexistent/host.yaml", "--", "vllm", "serve", "x"], "cannot read host file"),
        (["check", "--host", "sim:300i-duo-99g:1", "--", "vllm", "serve", "x"], "unknown simulated card"),
        (["check", "--host", "sim:300i-duo-96g:1"], "nothing to check"),
        (["check", "--host", "sim:300i-duo-96g:1", "--", "echo", "hello"], "vllm serve"),
        (["check", "--host", "sim:300i-duo-96g:1", "--env", "NOEQUALS", "--", "vllm", "serve", "x"], "K=V"),
    ],
)
def test_unusable_input_is_one_line_and_exit_2(args, words):
    out = duowiz(*args)
    assert out.returncode == 2, out.stderr
    assert words in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_profile_with_unknown_key_says_did_you_mean(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("model: Qwen/Qwen3-8B\nserv: {max_model_len: 8192}\n")
    out = duowiz("check", "--host", "sim:300i-duo-96g:1", "--profile", str(bad))
    assert out.returncode == 2 and "did you mean 'serve'" in out.stderr


def test_bad_json_flag_names_the_flag():
    out = duowiz("check", "--json", "--host", "sim:300i-duo-96g:1", "--", "vllm", "serve", "Qwen/Qwen3-8B", "--compilation-config", "{bad")
    doc = json.loads(out.stdout)
    bad = [f for f in doc["findings"] if f["code"] == "invalid-flag-value"]
    assert bad and "--compilation-config" in bad[0]["message"]


def test_check_never_modifies_the_weights_folder(seed_8b):
    before = {p: p.stat().st_mtime_ns for p in seed_8b.rglob("*")}
    duowiz("check", "--host", "sim:300i-duo-96g:1", "--", "vllm", "serve", str(seed_8b), *SEED_8B_FLAGS)
    assert {p: p.stat().st_mtime_ns for p in seed_8b.rglob("*")} == before


def test_no_host_means_this_machine_and_says_no_310p():
    out = duowiz("check", "--json", "--timeout", "2", "--", "vllm", "serve", "Qwen/Qwen3-8B", "--max-model-len", "8192")
    doc = json.loads(out.stdout)
    assert "no-310p-detected" in {f["code"] for f in doc["findings"]}
    assert out.returncode == 1


def test_save_profile_round_trips(tmp_path):
    target = tmp_path / "mine.yaml"
    line = ["--", "vllm", "serve", "Qwen/Qwen3-8B", "--dtype", "float16", "--max-model-len", "8192", "--max_num_seqs", "16"]
    first = duowiz("check", "--json", "--host", "sim:300i-duo-96g:1", "--save-profile", str(target), *line)
    again = duowiz("check", "--json", "--host", "sim:300i-duo-96g:1", "--profile", str(target))
    codes = lambda out: sorted(f["code"] for f in json.loads(out.stdout)["findings"])  # noqa: E731
    assert again.returncode == first.returncode
    assert codes(again) == codes(first)
    assert json.loads(again.stdout)["estimate"] == json.loads(first.stdout)["estimate"]


def test_saved_profile_never_holds_the_api_key(tmp_path):
    target = tmp_path / "mine.yaml"
    duowiz("check", "--host", "sim:300i-duo-96g:1", "--save-profile", str(target), "--", "vllm", "serve", "Qwen/Qwen3-8B", "--api-key", "sk-secret")
    assert target.exists() and "sk-secret" not in target.read_text()


def test_api_keys_never_appear_in_any_format():
    line = ["--", "vllm", "serve", "Qwen/Qwen3-8B", "--api-key", "sk-first-secret", "--api-key", "sk-second-secret", "--api_keyy", "sk-typo-secret"]
    for fmt in ("text", "json", "github"):
        out = duowiz("check", "--format", fmt, "--host", "sim:300i-duo-96g:1", "--env", "VLLM_API_KEY=sk-env-secret", *line)
        assert "secret" not in out.stdout + out.stderr, fmt


def test_saved_profile_drops_every_secret_looking_variable(tmp_path):
    target = tmp_path / "p.yaml"
    duowiz("check", "--host", "sim:300i-duo-96g:1", "--save-profile", str(target),
           "--", "env", "MINIO_SECRET=s3cr3t", "DB_PASSWORD=hunter2", "HF_TOKEN=hf_x1", "vllm", "serve", "Qwen/Qwen3-8B")
    text = target.read_text()
    assert "s3cr3t" not in text and "hunter2" not in text and "hf_x1" not in text
