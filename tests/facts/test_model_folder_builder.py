"""The case builder must follow shared/cases/README.md's model_dir spec exactly."""

import json

import pytest
import yaml

from tests.conftest import shared_dir
from tests.support.model_folder import build_model_folder
from wizard.facts.safetensors_header import read_safetensors_header


def test_config_is_copied_byte_identical_in_content(build, shared):
    folder = build({"config": "Qwen3-14B"})
    expected = json.loads((shared / "fixtures/models/Qwen3-14B/config.json").read_text())
    assert json.loads((folder / "config.json").read_text()) == expected
    assert sorted(p.name for p in folder.iterdir()) == ["config.json"]


def test_config_json_and_deep_merged_overrides(build):
    folder = build({"config_json": {"model_type": "x", "quantization_config": {"bits": 8}},
                    "config_overrides": {"quantization_config": {"quant_method": "fp8"}, "vocab_size": 5}})
    cfg = json.loads((folder / "config.json").read_text())
    assert cfg == {"model_type": "x", "quantization_config": {"bits": 8, "quant_method": "fp8"}, "vocab_size": 5}


def test_rank_files_are_valid_compressed_linears(build):
    folder = build({"config": "Qwen3-32B", "quant": "W8A8SC", "rank_files": 4})
    for rank in range(4):
        header, error = read_safetensors_header(folder / f"model-rank-{rank}-part-0.safetensors")
        assert error is None
        t = header.tensors
        p = "model.layers.0.self_attn.qkv_proj."
        n = (64 // 4 + 2 * (8 // 4)) * 128
        assert t[p + "weight"].dtype == "I8" and len(t[p + "weight"].shape) == 1
        assert t[p + "index"].shape == (8 * (5120 // 256) * (n // 128),)
        assert t[p + "info"].dtype == "I64" and t[p + "info"].shape == (5,)
        assert t[p + "deq_scale"].shape == (n,)


def test_unknown_spec_key_is_rejected(tmp_path, shared):
    with pytest.raises(ValueError):
        build_model_folder({"config": "Qwen3-8B", "weights": 3}, tmp_path / "m", shared)


def _core_cases():
    for path in sorted((shared_dir() / "cases").glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        if case.get("model_dir"):
            yield pytest.param(case["model_dir"], id=path.stem)


@pytest.mark.parametrize("spec", list(_core_cases()))
def test_every_case_model_dir_builds_and_scans(build, spec):
    from wizard.facts.weights import scan_weights

    facts = scan_weights(str(build(spec)))
    assert facts.safetensors_errors == [] and facts.description_error is None
    assert facts.config_error is None
    if spec.get("quant"):
        assert facts.quant_type == spec["quant"]
    if spec.get("rank_files"):
        assert facts.ranks == set(range(spec["rank_files"]))
        assert facts.shape_tp == spec["rank_files"]
    if spec.get("description_file"):
        assert facts.description_misnamed == spec["description_file"]
