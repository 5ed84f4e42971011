"""weights-shard-missing: the safetensors index lists a shard the folder does not have."""

import json

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from tests.support.model_folder import write_safetensors
from wizard.rules.weights_folder import weights_shard_missing

LINE = ("vllm serve $MODEL --dtype float16 --max-model-len 8192 --enforce-eager --no-enable-prefix-caching "
        "--host 127.0.0.1")


def _folder(tmp_path, listed):
    plan = make_plan(command=LINE, model_dir={"config": "Qwen3-8B"}, tmp_path=tmp_path)
    folder = tmp_path / "model"
    write_safetensors(folder / "model-00001-of-00002.safetensors", {"a": ("F16", [1], bytes(2))})
    (folder / "model.safetensors.index.json").write_text(json.dumps({"weight_map": listed}))
    return make_plan(command=LINE.replace("$MODEL", str(folder))), plan


def test_missing_second_shard(tmp_path):
    plan, _ = _folder(tmp_path, {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"})
    [f] = run(weights_shard_missing, plan)
    assert_well_formed(f, "weights-shard-missing", "error", "1 shard file(s)", "model-00002-of-00002.safetensors")
    assert "weights-shard-missing" in checked_codes(plan)


def test_complete_checkpoint_is_fine(tmp_path):
    plan, _ = _folder(tmp_path, {"a": "model-00001-of-00002.safetensors"})
    assert run(weights_shard_missing, plan) == []


def test_hub_id_is_not_checked():
    assert run(weights_shard_missing, make_plan()) == []
