import json

import pytest

from tests.support.model_folder import write_safetensors
from wizard.facts.weights import scan_weights


def test_w8a8s_folder(build):
    folder = build({"config": "Qwen3-8B", "quant": "W8A8S"})
    facts = scan_weights(str(folder))
    assert facts.exists and not facts.inferred_from_name
    assert facts.quant_type == "W8A8S"
    assert facts.description_file == "quant_model_description.json" and facts.description_misnamed is None
    assert facts.tensor_types["model.layers.0.self_attn.q_proj.weight"] == "W8A8S"
    assert facts.tensor_types["model.layers.16.mlp.up_proj.weight"] == "FLOAT"  # the 8B recipe
    assert facts.rank_files == {} and facts.config_error is None


@pytest.mark.parametrize("ranks,model", [(1, "Qwen3-8B"), (2, "Qwen3-14B"), (4, "Qwen3-32B")])
def test_w8a8sc_folder_with_rank_files(build, ranks, model):
    folder = build({"config": model, "quant": "W8A8SC", "rank_files": ranks})
    facts = scan_weights(str(folder))
    assert facts.quant_type == "W8A8SC"
    assert facts.ranks == set(range(ranks))
    assert facts.rank_files[0] == ["model-rank-0-part-0.safetensors"]
    assert facts.safetensors_files == ranks and facts.safetensors_errors == []
    assert set(facts.rank_bytes) == set(range(ranks))
    assert sum(facts.rank_bytes.values()) == facts.safetensors_bytes
    assert facts.compressed_linears == ranks and facts.dense_int8_linears == 0
    assert facts.uncompressed_ranks == []
    assert facts.shape_tp == ranks
    assert facts.device_bytes_exact is None  # compressed on disk, full size on device
    assert facts.tensor_types["model.layers.0.self_attn.q_proj.weight"] == "W8A8SC"
    assert facts.tensor_types["model.layers.0.self_attn.q_proj.deq_scale"] == "W8A8S"


def test_misnamed_description(build):
    folder = build({"config": "Qwen3-8B", "quant": "W8A8S",
                    "description_file": "quant_model_description_w8a8s.json"})
    facts = scan_weights(str(folder))
    assert facts.description_misnamed == "quant_model_description_w8a8s.json"
    assert facts.description_file is None  # vllm-ascend will not find it
    assert facts.quant_type == "W8A8S"  # still read: the fix is a rename


def test_misnamed_w8a8sc_description(build):
    folder = build({"config": "Qwen3-8B", "quant": "W8A8SC", "rank_files": 1,
                    "description_file": "quant_model_description_w8a8sc.json"})
    assert scan_weights(str(folder)).description_misnamed == "quant_model_description_w8a8sc.json"


def test_corrupt_description(build):
    folder = build({"config": "Qwen3-8B", "quant": "W8A8S"})
    (folder / "quant_model_description.json").write_text('{"model_quant_type": "W8A8S", ')
    facts = scan_weights(str(folder))
    assert facts.description_error.startswith("quant_model_description.json: not valid JSON")
    assert facts.quant_type is None
    (folder / "quant_model_description.json").write_text('"W8A8S"')
    assert "not an object" in scan_weights(str(folder)).description_error


@pytest.mark.parametrize("content", [None, "{oops", "[]"])
def test_missing_or_corrupt_config(build, content):
    folder = build({"config": "Qwen3-8B", "quant": "W8A8SC", "rank_files": 1})
    if content is None:
        (folder / "config.json").unlink()
    else:
        (folder / "config.json").write_text(content)
    facts = scan_weights(str(folder))
    assert "config.json" in facts.config_error
    assert facts.quant_type == "W8A8SC" and facts.shape_tp is None


def test_truncated_rank_file(build):
    folder = build({"config": "Qwen3-32B", "quant": "W8A8SC", "rank_files": 4})
    path = folder / "model-rank-2-part-0.safetensors"
    path.write_bytes(path.read_bytes()[:100])
    facts = scan_weights(str(folder))
    assert facts.ranks == {0, 1, 2, 3}  # the file is there, its content is not
    assert len(facts.safetensors_errors) == 1 and "model-rank-2-part-0.safetensors" in facts.safetensors_errors[0]
    assert set(facts.rank_bytes) == {0, 1, 3}


def test_failed_compression_shows_dense_int8_rank(build):
    folder = build({"config": "Qwen3-8B", "quant": "W8A8SC"})
    write_safetensors(folder / "model-rank-0-part-0.safetensors",
                      {"model.layers.0.self_attn.qkv_proj.weight": ("I8", [8, 4], bytes(32))})
    facts = scan_weights(str(folder))
    assert facts.uncompressed_ranks == [0] and facts.compressed_linears == 0


def test_plain_hf_folder_is_float_with_exact_bytes(build):
    folder = build({"config": "Qwen3-0.6B"})
    write_safetensors(folder / "model.safetensors", {"model.embed_tokens.weight": ("F16", [4, 2], bytes(16))})
    facts = scan_weights(str(folder))
    assert facts.quant_type == "FLOAT"
    assert facts.device_bytes_exact == 16


def test_config_only_folder_with_quantization_config_is_not_float(build):
    folder = build({"config": "Qwen3-1.7B",
                    "config_overrides": {"quantization_config": {"quant_method": "compressed-tensors"}}})
    assert scan_weights(str(folder)).quant_type is None


def test_missing_hf_shard(build):
    folder = build({"config": "Qwen3-8B"})
    write_safetensors(folder / "model-00001-of-00002.safetensors", {"x": ("F16", [1], bytes(2))})
    (folder / "model.safetensors.index.json").write_text(json.dumps(
        {"weight_map": {"x": "model-00001-of-00002.safetensors", "y": "model-00002-of-00002.safetensors"}}))
    facts = scan_weights(str(folder))
    assert facts.missing_shards == ["model-00002-of-00002.safetensors"]
    assert facts.device_bytes_exact is None


def test_mindie_layout_and_leftovers(build):
    folder = build({"config": "Qwen3-8B", "quant": "W8A8SC"})
    (folder / "part0-of-2").mkdir()
    (folder / "12345").mkdir()
    (folder / "ori_quant_model_description.json").write_text("{}")
    facts = scan_weights(str(folder))
    assert facts.mindie_parts == ["part0-of-2"]
    assert facts.leftovers == ["12345/", "ori_quant_model_description.json"]


@pytest.mark.parametrize("name,quant,tp", [
    ("Eco-Tech/Qwen3-8B-w8a8s-310", "W8A8S", None),
    ("/save-path/Qwen3-32B-w8a8sc-310-vllm/TP4/Qwen3-32B-w8a8sc-310-vllm-tp4/", "W8A8SC", 4),
    ("Eco-Tech/Qwen3-14B-w8a8sc-310-vllm/TP1/Qwen3-14B-w8a8sc-310-vllm-tp1", "W8A8SC", 1),
    ("vllm-ascend/Qwen3-30B-A3B-W8A8-Dynamic-310", "W8A8_DYNAMIC", None),
])
def test_name_inference(name, quant, tp):
    facts = scan_weights(name)
    assert not facts.exists and facts.folder is None
    assert facts.inferred_from_name and "inferred from the name" in facts.origin
    assert facts.quant_type == quant and facts.name_tp == tp
    assert not facts.not_310p_variant


def test_quantized_name_without_310_marker():
    facts = scan_weights("Qwen/Qwen3-32B-W8A8")
    assert facts.quant_type == "W8A8" and facts.not_310p_variant


def test_unquantized_hub_name_has_unknown_quant():
    facts = scan_weights("Qwen/Qwen3-8B")
    assert facts.quant_type is None and facts.inferred_from_name and not facts.not_310p_variant


def test_existing_folder_keeps_name_tp(tmp_path, shared):
    from tests.support.model_folder import build_model_folder

    folder = build_model_folder({"config": "Qwen3-32B", "quant": "W8A8SC", "rank_files": 4},
                                tmp_path / "Qwen3-32B-w8a8sc-310-vllm-tp4", shared)
    facts = scan_weights(str(folder))
    assert facts.name_tp == 4 and facts.shape_tp == 4 and not facts.inferred_from_name


def test_empty_model_name_does_not_scan_the_cwd():
    facts = scan_weights("")
    assert not facts.exists and facts.quant_type is None


@pytest.mark.parametrize("make", ["dev-zero", "dangling", "directory", "fifo"])
def test_a_rank_file_that_is_not_a_file_is_an_error_not_silence(build, make):
    import os

    folder = build({"config": "Qwen3-8B", "quant": "W8A8SC"})
    rank = folder / "model-rank-0-part-0.safetensors"
    if make == "dev-zero":
        rank.symlink_to("/dev/zero")
    elif make == "dangling":
        rank.symlink_to(folder / "nowhere")
    elif make == "directory":
        rank.mkdir()
    else:
        os.mkfifo(rank)
    facts = scan_weights(str(folder))  # never blocks on the FIFO, never reads /dev/zero
    assert facts.ranks == (set() if make == "directory" else {0})
    assert len(facts.safetensors_errors) == 1 and facts.safetensors_errors[0].startswith("model-rank-0-part-0.safetensors: ")


@pytest.mark.parametrize("make", ["dev-zero", "fifo"])
def test_config_json_that_is_not_a_file_is_reported(build, make):
    import os

    folder = build({"config": "Qwen3-8B", "quant": "W8A8S"})
    (folder / "config.json").unlink()
    if make == "dev-zero":
        (folder / "config.json").symlink_to("/dev/zero")
    else:
        os.mkfifo(folder / "config.json")
    facts = scan_weights(str(folder))
    assert "not a regular file" in facts.config_error


def test_absurd_shapes_are_a_bad_header_not_a_crash(tmp_path):
    import json as _json
    import struct

    from wizard.facts.safetensors_header import read_safetensors_header

    header = _json.dumps({"a": {"dtype": "I8", "shape": [10**18] * 300, "data_offsets": [0, 1]}}).encode()
    path = tmp_path / "x.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header + b"\0")
    parsed, problem = read_safetensors_header(path)
    assert parsed is None and "bad shape" in problem and len(problem) < 200


def test_a_one_row_gate_up_scale_is_no_tp(build):
    folder = build({"config": "Qwen3-8B", "quant": "W8A8SC"})
    write_safetensors(folder / "model-rank-0-part-0.safetensors",
                      {"model.layers.0.mlp.gate_up_proj.deq_scale": ("I64", [1], bytes(8))})
    assert scan_weights(str(folder)).shape_tp is None
