"""`duowiz --profile …` end to end: dry-run equals the seed tutorial, refusals, launch, Ctrl-C."""

import os
import shlex
import signal
import socket

import pytest
import yaml

from tests.conftest import shared_dir
from tests.runtime.headless_util import (duowiz, flag_set, serve_line, serve_tokens,
                                         start_duowiz, wait_for_line)
from tests.runtime.helpers import (FAKE_SCRIPT, REPO, fake_msmodelslim, fake_vllm_bin, free_port, make_w8a8s,
                                   snapshot, wait_for_file, wait_gone)


SEEDS = {
    "qwen3-8b-w8a8s-tp1": "seed-qwen3-8b-w8a8s-tp1",
    "qwen3-8b-w8a8sc-tp1": "seed-qwen3-8b-w8a8sc-tp1",
    "qwen3-14b-w8a8sc-tp1": "seed-qwen3-14b-w8a8sc-tp1",
    "qwen3-32b-w8a8sc-tp4": "seed-qwen3-32b-w8a8sc-tp4",
}
SIM = "sim:300i-duo-96g:2"


def _dry_run_ok(result) -> bool:
    """Exit 0, or exit 1 only for this machine's state (the W8A8S source to compress is absent,
    port 8080 is taken): the check itself must pass and the commands must be printed."""
    if result.returncode == 0:
        return True
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    return (result.returncode == 1 and last.startswith("duowiz: a real run would refuse:")
            and "from the check" not in last and "# serve:" in result.stdout)


def _case(case_id: str) -> dict:
    return yaml.safe_load((shared_dir() / "cases" / f"{case_id}.yaml").read_text())


@pytest.mark.parametrize("profile,case_id", sorted(SEEDS.items()))
def test_dry_run_prints_the_seed_tutorial_command(profile, case_id, tmp_path):
    result = duowiz(["--profile", profile, "--host", SIM, "--dry-run", "--vllm-bin", str(fake_vllm_bin(tmp_path))])
    assert _dry_run_ok(result), result.stdout + result.stderr
    env, model, flags = serve_tokens(serve_line(result.stdout))
    case = _case(case_id)
    _seed_env, seed_model, seed_flags = serve_tokens(case["command"])
    assert flag_set(flags) == flag_set(seed_flags)
    if seed_model != "$MODEL":
        assert model == seed_model
    for key, value in (case.get("env") or {}).items():
        assert env[key] == str(value)


def test_docker_dry_run_matches_the_seed_docker_run(tmp_path):
    result = duowiz(["--profile", "qwen3-32b-w8a8sc-tp4", "--host", SIM, "--dry-run", "--runtime", "docker"])
    assert _dry_run_ok(result), result.stdout + result.stderr
    ours = shlex.split(serve_line(result.stdout))
    seed = shlex.split(_case("seed-qwen3-32b-docker")["command"])

    def pairs(tokens, opt):
        return sorted(tokens[i + 1] for i, t in enumerate(tokens) if t == opt)

    assert pairs(ours, "--device") == pairs(seed, "--device")
    model = ours[ours.index("serve") + 1]
    seed_mounts = [m.replace("$MODEL", model) for m in pairs(seed, "-v")]
    assert pairs(ours, "-v") == sorted(seed_mounts)
    assert pairs(ours, "-e") == pairs(seed, "-e")
    # published on loopback only, vLLM listening on all interfaces inside the container
    assert pairs(ours, "-p") == ["127.0.0.1:8080:8080"] and pairs(seed, "-p") == ["8080:8080"]
    strip_host = lambda fs: {f for f in fs if f[0] != "--host"}  # noqa: E731
    assert strip_host(flag_set(ours[ours.index("serve") + 2:])) == strip_host(flag_set(seed[seed.index("serve") + 2:]))


def _profile(tmp_path, port: int, **extra) -> str:
    data = {"name": "t", "model": "Eco-Tech/Qwen3-8B-w8a8s-310", "runtime": "native",
            "image": "quay.io/ascend/vllm-ascend:v0.18.0-310p",
            "serve": {"host": "127.0.0.1", "port": port, "tensor_parallel_size": 1, "gpu_memory_utilization": 0.9,
                      "served_model_name": "qwen", "dtype": "float16", "quantization": "ascend",
                      "max_model_len": 16384, "enable_prefix_caching": False,
                      "additional_config": {"ascend_compilation_config": {"fuse_norm_quant": False}},
                      "compilation_config": {"cudagraph_mode": "FULL_DECODE_ONLY", "cudagraph_capture_sizes": [1, 2]}}}
    data.update(extra)
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


def _launch_args(tmp_path, profile: str, *more: str) -> list[str]:
    return ["--profile", profile, "--host", "sim:300i-duo-96g:1", "--yes", "--vllm-bin", str(fake_vllm_bin(tmp_path)),
            "--log-dir", str(tmp_path / "logs"), "--ready-timeout", "20", "--models-timeout", "5",
            "--smoke-timeout", "5", *more]


def test_port_in_use_is_refused_before_launch(tmp_path):
    port = free_port()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        result = duowiz(_launch_args(tmp_path, _profile(tmp_path, port)),
                        env={"FAKE_VLLM_PIDFILE": str(tmp_path / "pids")})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "port-in-use" in result.stdout
    assert not (tmp_path / "pids").exists()  # the server was never started


def test_launch_ready_then_ctrl_c_stops_everything(tmp_path):
    port = free_port()
    env = {"FAKE_VLLM_PIDFILE": str(tmp_path / "pids")}
    proc, lines = start_duowiz(_launch_args(tmp_path, _profile(tmp_path, port)), env)
    try:
        wait_for_line(lines, "READY")
        assert any(f"curl http://127.0.0.1:{port}/v1/completions" in ln for ln in lines)
        pids = [int(p) for p in wait_for_file(tmp_path / "pids", min_lines=2)]
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
        assert wait_gone(pids) == []
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_during_launch_stops_the_server(tmp_path, sig):
    """A service manager (SIGTERM) or a closed SSH session (SIGHUP) stops the server group too."""
    env = {"FAKE_VLLM_PIDFILE": str(tmp_path / "pids"), "FAKE_VLLM_MODE": "hang"}
    proc, lines = start_duowiz(_launch_args(tmp_path, _profile(tmp_path, free_port())), env)
    try:
        pids = [int(p) for p in wait_for_file(tmp_path / "pids", min_lines=2)]
        wait_for_line(lines, "Capturing")
        proc.send_signal(sig)
        assert proc.wait(timeout=30) == 130
        assert wait_gone(pids) == []
    finally:
        if proc.poll() is None:
            proc.kill()


def test_crash_during_launch_is_explained(tmp_path):
    env = {"FAKE_VLLM_MODE": "crash", "FAKE_VLLM_DELAY": "0",
           "FAKE_VLLM_CRASH_LINE": "ValueError: Could not find checkpoint files 'model-rank-1-part-*.safetensors'"}
    result = duowiz(_launch_args(tmp_path, _profile(tmp_path, free_port())), env=env)
    assert result.returncode == 1
    assert "sharded-state-tp-mismatch" in result.stdout


def test_profile_compresses_then_launches(tmp_path):
    site = fake_msmodelslim(tmp_path)
    src = make_w8a8s(tmp_path / "w8a8s")
    before = snapshot(src)
    out = tmp_path / "w8a8sc-tp1"
    port = free_port()
    profile = _profile(tmp_path, port, model=str(out), compress_from=str(src))
    data = yaml.safe_load(open(profile))
    data["serve"]["load_format"] = "sharded_state"
    open(profile, "w").write(yaml.safe_dump(data))
    env = {"PYTHONPATH": f"{site}{os.pathsep}{REPO}", "FAKE_VLLM_PIDFILE": str(tmp_path / "pids")}
    proc, lines = start_duowiz(_launch_args(tmp_path, profile, "--script", str(FAKE_SCRIPT), "--force"), env)
    try:
        wait_for_line(lines, "READY")
        assert any("verified W8A8SC for TP1" in ln for ln in lines)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
    assert snapshot(src) == before
    from runtime.rank_verify import verify_w8a8sc

    assert verify_w8a8sc(out, 1).ok
