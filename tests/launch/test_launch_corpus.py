"""Every real launch input in ../shared/commands through the reader, with what a parser can see
(model, TP, image, env, and the mistakes commands/INDEX.md lists that are visible without a host).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_dir
from wizard.launch.options import serve_options
from wizard.launch.reader import read_all_specs, read_command_file

COMMANDS = shared_dir() / "commands"
FILES = sorted(p for p in COMMANDS.iterdir() if p.name != "INDEX.md")

# file -> expectations. Keys: model, tp, image (None = not docker), env (subset), unknown
# (spelling -> suggestion or None), issues (codes that must be present), no_issues (must be
# absent), options (ServeOptions attribute -> value), devices, specs (number of servers).
EXPECT: dict[str, dict] = {
    "310p-deepseek-r1-distill-qwen-32b-tp2-compose.yaml": dict(
        model="deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", tp=2,
        image="quay.io/ascend/vllm-ascend:main-310p-openeuler",
        env={"ASCEND_VISIBLE_DEVICES": "2,3", "OMP_NUM_THREADS": "1"},
        unknown={"--max-thinking-tokens": None, "--swap-space": None},
        devices=["/dev/davinci2", "/dev/davinci3", "/dev/davinci_manager", "/dev/devmm_svm", "/dev/hisi_hdc"],
        options=dict(max_model_len=8192, enforce_eager=True, gpu_memory_utilization=0.92, dtype="float16"),
    ),
    "310p-pangu-pro-moe-tp4-ep-docs.sh": dict(
        model="/home/pangu-pro-moe-mode/", tp=4, image=None,
        options=dict(enable_expert_parallel=True, dtype="float16", max_model_len=None, trust_remote_code=True),
    ),
    "310p-qwen2.5-3b-fp8kv-envprefix-issue1425.sh": dict(
        model="/models/Qwen2.5-3B-Instruct", tp=1, image=None, env={"ASCEND_RT_VISIBLE_DEVICES": "0"},
        options=dict(kv_cache_dtype="fp8", max_model_len=32768, served_model_name="Qwen2.5-3B-Instruct"),
    ),
    "310p-qwen2.5-7b-tp2-k8s-deployment.yaml": dict(
        model="Qwen/Qwen2.5-7B-Instruct", tp=2, image="quay.io/ascend/vllm-ascend:v0.10.0rc1-310p",
        env={"VLLM_USE_MODELSCOPE": "True", "PYTORCH_NPU_ALLOC_CONF": "max_split_size_mb:256"},
        options=dict(max_model_len=4096, dtype="float16", enforce_eager=True, port=8000),
        resources={"huawei.com/Ascend310P": "2"},
    ),
    "310p-qwen3-0.6b-v0.10.0rc1-docker-apiserver.sh": dict(
        model="Qwen/Qwen3-0.6B", tp=1, image="quay.io/ascend/vllm-ascend:v0.10.0rc1-310p",
        env={"ASCEND_VISIBLE_DEVICES": "0", "VLLM_USE_MODELSCOPE": "true"}, entrypoint="api_server",
        privileged=True, options=dict(max_model_len=8192, dtype="float16"),
    ),
    "310p-qwen3-14b-w8a8sc-tp1-modelscope-docs.sh": dict(
        model="Eco-Tech/Qwen3-14B-w8a8sc-310-vllm/TP1/Qwen3-14B-w8a8sc-310-vllm-tp1", tp=1, image=None,
        env={"VLLM_USE_MODELSCOPE": "True", "ASCEND_RT_VISIBLE_DEVICES": "0"},
        options=dict(load_format="sharded_state", enable_prefix_caching=False, quantization="ascend",
                     max_model_len=20480, cudagraph_mode="FULL_DECODE_ONLY"),
    ),
    "310p-qwen3-30b-a3b-tp4-ep-docker-issue1813.sh": dict(
        model="/models/Qwen3-30B-A3B", tp=4, image="quay.io/ascend/vllm-ascend:v0.9.2rc1-310p",
        env={"VLLM_USE_V1": "1", "OMP_NUM_THREADS": "48"},
        unknown={"--max-seq-len-to-capture": None},
        devices=["/dev/davinci2", "/dev/davinci3", "/dev/davinci4", "/dev/davinci5",
                 "/dev/davinci_manager", "/dev/devmm_svm", "/dev/hisi_hdc"],
        options=dict(enable_expert_parallel=True, max_model_len=32768),
    ),
    "310p-qwen3-30b-a3b-w8a8-tp2-docs.sh": dict(
        model="your_model_path", tp=2, image=None, env={"ASCEND_RT_VISIBLE_DEVICES": "0,1"},
        options=dict(served_model_name="qwen3", capture_sizes=[1, 32], quantization="ascend"),
    ),
    "310p-qwen3-32b-w8a8sc-tp4-docs.sh": dict(
        model="/save-path/Qwen3-32B-w8a8sc-310-vllm/TP4/Qwen3-32B-w8a8sc-310-vllm-tp4/", tp=4, image=None,
        env={"ASCEND_RT_VISIBLE_DEVICES": "0,1,2,3"},
        options=dict(load_format="sharded_state", gpu_memory_utilization=0.9, max_num_seqs=32,
                     served_model_name="qwen", capture_sizes=[16, 32]),
    ),
    "310p-qwen3-32b-w8a8sc-tp4-nightly-ci.yaml": dict(
        model="vllm-ascend/Qwen3-32B-w8a8sc-310-vllm-tp4", tp=4, image=None,
        options=dict(load_format="sharded_state", gpu_memory_utilization=0.8, capture_sizes=[8, 32]),
        source="ci-yaml",
    ),
    "310p-qwen3-4b-v0.11.0rc0-docker-oneliner-issue3479.sh": dict(
        model="/home/models/Qwen3/Qwen3-4B", tp=1, image="quay.io/ascend/vllm-ascend:v0.11.0rc0-310p-openeuler",
        issues=["docker-flag-swallowed"], devices=["/dev/devmm_svm", "/dev/hisi_hdc"], privileged=True,
        options=dict(served_model_name="qwen2.5_7b", dtype="auto", max_model_len=4096),
    ),
    "310p-qwen3-8b-v0.9.2rc1-docker-issue1905.sh": dict(
        model="/home/work/Qwen3/Qwen3-8b", tp=1, image="quay.io/ascend/vllm-ascend:v0.9.2rc1-310p",
        devices=["/dev/davinci0", "/dev/davinci_manager", "/dev/devmm_svm", "/dev/hisi_hdc"],
        options=dict(max_model_len=None, enforce_eager=True),
    ),
    "310p-qwen3-8b-w8a8s-tp1-docs.sh": dict(
        model="Eco-Tech/Qwen3-8B-w8a8s-310", tp=1, image=None,
        options=dict(max_model_len=16384, capture_sizes=[1, 2, 4, 8, 16, 32], load_format="auto"),
    ),
    "310p-qwen3-embedding-0.6b-pooling-docs.sh": dict(
        model="Qwen/Qwen3-Embedding-0.6B", tp=1, image=None,
        options=dict(runner="pooling", capture_sizes=[1024, 512], max_model_len=1024),
    ),
    "310p-qwen3-vl-8b-dp-tp-docs.sh": dict(
        # bash passes everything up to the `\ ` on line 17: the second --dtype (bfloat16) is
        # before it and wins; --max-model-len 32768 and the configs after it never arrive
        model="Qwen/Qwen3-VL-8B-Instruct", tp=None, image=None,
        env={"HCCL_OP_EXPANSION_MODE": "AIV", "ASCEND_RT_VISIBLE_DEVICES": "$1"},
        issues=["shell-continuation-broken", "duplicate-flag", "unexpected-argument"],
        options=dict(dtype="bfloat16", max_model_len=16384, compilation_config=None,
                     additional_config=None, max_num_seqs=None),
        absent_dests=["trust_remote_code", "compilation_config", "mm_processor_cache_gb"],
    ),
    "310p-qwen3.5-27b-w8a8-tp4-mtp-docs.sh": dict(
        model="Eco-Tech/Qwen3.5-27B-w8a8-mtp", tp=4, image=None, env={"VLLM_USE_MODELSCOPE": "True"},
        options=dict(speculative_tokens=1, mamba_ssm_cache_dtype="float16", capture_sizes=[2, 8]),
    ),
    "310p-qwen3.5-35b-a3b-a2-recipe-issue9708.sh": dict(
        model="/models/Qwen3.5-35B-A3B", tp=2, image=None,
        env={"VLLM_ASCEND_ENABLE_FLASHCOMM1": "1", "HCCL_OP_EXPANSION_MODE": "AIV"},
        options=dict(max_model_len=262144, enable_prefix_caching=True, speculative_tokens=3,
                     enable_expert_parallel=True, cudagraph_mode="FULL_DECODE_ONLY", dtype="auto"),
    ),
    "910b-deepseek-r1-distill-qwen-32b-docker-printf-issue1138.sh": dict(
        model="/workspace/model", tp=4, image="quay.io/ascend/vllm-ascend:v0.8.5rc1",
        env={"ASCEND_RT_VISIBLE_DEVICES": "0,1,2,3", "HF_HUB_OFFLINE": "1"},
        unknown={"--enable-reasoning": "--reasoning-parser"},
        devices=["/dev/davinci0", "/dev/davinci1", "/dev/davinci2", "/dev/davinci3",
                 "/dev/davinci_manager", "/dev/devmm_svm", "/dev/hisi_hdc"],
        options=dict(dtype="bfloat16", gpu_memory_utilization=0.98),
    ),
    "910b-deepseek-v2-lite-tp8-oneliner-issue1077.sh": dict(
        model="/home/dsv3/models/DeepSeek-V2-Lite", tp=8, image=None,
        options=dict(max_model_len=4096, gpu_memory_utilization=0.95, enable_expert_parallel=True),
    ),
    "910b-gemma3-27b-envprefix-apiserver-issue1183.sh": dict(
        model="./model/gemma-3-27b-it", tp=2, image=None, env={"VLLM_USE_V1": "1"}, entrypoint="api_server",
        options=dict(max_num_batched_tokens=8192, enable_chunked_prefill=True, dtype="bfloat16"),
    ),
    "910b-pangu-pro-moe-72b-tp8-k8s-deployment.yaml": dict(
        model="Pangu-Pro-MoE-72B", tp=8, image="quay.io/ascend/vllm-ascend:v0.10.0rc1",
        env={"VLLM_USE_MODELSCOPE": "True"}, options=dict(dtype="bfloat16", trust_remote_code=False),
    ),
    "910b-qwen2.5-7b-pd-producer-triple-dash-pr1011.sh": dict(
        model="/model/path", tp=1, image=None,
        env={"MOONCKAE_CONFIG_PATH": "mooncake.json", "VLLM_USE_V1": "1"},
        unknown={"---max-num-batched-tokens": "--max-num-batched-tokens"},
        options=dict(max_num_batched_tokens=None, max_model_len=2000),
        no_issues=["flag-value-missing", "shell-continuation-broken", "unexpected-argument"],
    ),
    "910b-qwen3-vl-30b-a3b-docker-entrypoint-bash-issue3543.sh": dict(
        model="/data/test/Qwen3-VL-30B-A3B-Instruct", tp=4, image="quay.io/ascend/vllm-ascend:v0.11.0rc0",
        privileged=True, options=dict(max_model_len=None, enable_prefix_caching=False),
    ),
    "910b4-qwen3-30b-a3b-coder-32b-swarm-compose.yaml": dict(
        model="/models/Qwen/Qwen3-30B-A3B", tp=4, image="quay.io/ascend/vllm-ascend:v0.9.2rc1",
        env={"VLLM_USE_MODELSCOPE": "True"}, specs=2,
        devices=["/dev/davinci_manager", "/dev/hisi_hdc", "/dev/devmm_svm",
                 "/dev/davinci0", "/dev/davinci1", "/dev/davinci2", "/dev/davinci3"],
        options=dict(enable_expert_parallel=True, port=8001),
    ),
    "a2-qwen3-0.6b-quickstart-background-docs.sh": dict(model="Qwen/Qwen3-0.6B", tp=1, image=None),
    "a2-qwen3-32b-tp4-env-chat-template-blog.sh": dict(
        model="Qwen/Qwen3-32B", tp=4, image=None,
        env={"PYTORCH_NPU_ALLOC_CONF": "expandable_segments:True", "VLLM_ASCEND_ENABLE_FLASHCOMM": "1"},
        absent_env=["TASK_QUEUE_ENABLE"],
    ),
    "a2a3-dsv3-external-dp-template-dangling-backslash.sh": dict(
        model="model_path", tp=None, image=None, env={"ASCEND_RT_VISIBLE_DEVICES": "$1"},
        options=dict(speculative_tokens=1, quantization="ascend"),
        no_issues=["flag-value-missing", "shell-continuation-broken"],
    ),
    "a2a3-qwen3-vl-8b-dp-tp-docs.sh": dict(
        model="Qwen/Qwen3-VL-8B-Instruct", tp=None, image=None,
        issues=["shell-continuation-broken"], options=dict(dtype="bfloat16", max_model_len=None),
        absent_dests=["max_model_len", "compilation_config"],
    ),
    "a3-deepseek-r1-w8a8-mtp-tp16-apiserver-pr2179.sh": dict(
        model="/home/data/DeepSeek-R1_w8a8/", tp=16, image=None, entrypoint="api_server",
        env={"ASCEND_LAUNCH_BLOCKING": "1", "MINDIE_LOG_TO_STDOUT": "benchmark:1; client:1"},
        options=dict(gpu_memory_utilization=0.9, speculative_tokens=2, data_parallel_size=1),
    ),
    "a3-qwen3-235b-a22b-dp2-tp8-vllm-config-issue3899.yaml": dict(
        model=None, tp=8, image=None, source="vllm-config",
        unknown={"--rope-scaling": "--hf-overrides"},
        options=dict(data_parallel_size=2, enable_prefix_caching=False, enforce_eager=False,
                     max_num_seqs=8, max_model_len=40960, cudagraph_mode="FULL_DECODE_ONLY"),
    ),
}


def test_every_command_file_has_expectations():
    missing = sorted(p.name for p in FILES if p.name not in EXPECT)
    assert not missing, f"add expectations for: {missing}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_command_file(path: Path):
    want = EXPECT.get(path.name, {})
    specs = read_all_specs(path)
    spec = read_command_file(path)
    assert spec.model == specs[0].model
    assert len(specs) == want.get("specs", 1)
    opts = serve_options(spec)
    if "model" in want:
        assert spec.model == want["model"]
    if want.get("tp", "skip") is None:
        # TP comes from a script parameter ($4 / $7): kept raw, reported as unresolved, not invalid
        assert spec.last("tensor_parallel_size").value.startswith("$")
        assert any(s.startswith("--tensor-parallel-size") for s, _ in opts.unresolved)
        assert not opts.invalid
    elif "tp" in want:
        assert opts.tensor_parallel_size == want["tp"]
    if "image" in want:
        assert spec.image == want["image"]
        assert spec.docker == (want["image"] is not None)
    for key, value in want.get("env", {}).items():
        assert spec.env.get(key) == value, key
    for key in want.get("absent_env", []):
        assert key not in spec.env
    unknown = {u.spelling: u.suggestion for u in spec.flags if u.dest is None}
    assert unknown == want.get("unknown", {})
    codes = {i.code for i in spec.issues}
    for code in want.get("issues", []):
        assert code in codes, code
    for code in want.get("no_issues", []):
        assert code not in codes, code
    for attr, value in want.get("options", {}).items():
        assert getattr(opts, attr) == value, attr
    for dest in want.get("absent_dests", []):
        assert not spec.has(dest), dest
    if "devices" in want:
        assert spec.devices == want["devices"]
    if "privileged" in want:
        assert spec.privileged == want["privileged"]
    if "entrypoint" in want:
        assert spec.entrypoint == want["entrypoint"]
    if "source" in want:
        assert spec.source == want["source"]
    if "resources" in want:
        for key, value in want["resources"].items():
            assert spec.resources[key] == value


def test_vl_script_names_the_flags_it_cuts_off():
    spec = read_command_file(COMMANDS / "310p-qwen3-vl-8b-dp-tp-docs.sh")
    broken = next(i for i in spec.issues if i.code == "shell-continuation-broken")
    assert "line 17" in broken.message
    for flag in ("--max-model-len", "--compilation-config", "--additional-config", "--trust-remote-code"):
        assert flag in broken.message
    duplicate = next(i for i in spec.issues if i.code == "duplicate-flag")
    assert "bfloat16" in duplicate.message and "float16" in duplicate.message
    # the later --max-model-len 32768 was cut off, so the two spellings never clash
    assert not any("max-model-len" in i.message for i in spec.issues if i.code == "duplicate-flag")


def test_swallowed_manager_device_is_explained():
    spec = read_command_file(COMMANDS / "310p-qwen3-4b-v0.11.0rc0-docker-oneliner-issue3479.sh")
    issue = next(i for i in spec.issues if i.code == "docker-flag-swallowed")
    assert "/dev/davinci_manager" in issue.message
    assert "/dev/davinci_manager" not in spec.devices
    assert "--device=/dev/davinci_manager" in spec.volumes


def test_multiline_json_value_survives():
    spec = read_command_file(COMMANDS / "910b-qwen2.5-7b-pd-producer-triple-dash-pr1011.sh")
    opts = serve_options(spec)
    assert opts.kv_transfer_config["kv_role"] == "kv_producer"
    assert opts.additional_config == {"enable_graph_mode": "True"}
    assert not opts.invalid


def test_second_compose_service():
    specs = read_all_specs(COMMANDS / "910b4-qwen3-30b-a3b-coder-32b-swarm-compose.yaml")
    coder = specs[1]
    assert coder.model == "/models/Qwen/Qwen2.5-Coder-32B-Instruct"
    assert coder.devices[-1] == "/dev/davinci7"
    assert serve_options(coder).port == 8002


def test_seed_json_values_parse():
    for name in ("310p-qwen3-32b-w8a8sc-tp4-docs.sh", "310p-qwen3-32b-w8a8sc-tp4-nightly-ci.yaml"):
        opts = serve_options(read_command_file(COMMANDS / name))
        assert not opts.invalid, opts.invalid
        assert opts.ascend_compilation()["fuse_norm_quant"] is False
